"""Codes as plans write them sort by a new key (Roman numerals, letters, brackets): recompute the stored keys."""

from django.db import migrations


def recompute(apps, schema_editor):
    from strategy.models.plan import natural_sort_key

    for name in ("Pillar", "Objective", "Activity"):
        model = apps.get_model('strategy', name)
        changed = []
        for row in model.objects.only('pk', 'code', 'sort_key').iterator(chunk_size=2000):
            key = natural_sort_key(row.code)
            if row.sort_key != key:
                row.sort_key = key
                changed.append(row)
        model.objects.bulk_update(changed, ['sort_key'], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ('strategy', '0011_real_plans'),
    ]

    operations = [
        migrations.RunPython(recompute, migrations.RunPython.noop),
    ]
