from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("strategy", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalindicatordimension",
            name="options_overlap",
            field=models.BooleanField(default=False, help_text="One person may count in several options (e.g. several forms of exploitation).", verbose_name="options overlap"),
        ),
        migrations.AddField(
            model_name="indicatordimension",
            name="options_overlap",
            field=models.BooleanField(default=False, help_text="One person may count in several options (e.g. several forms of exploitation).", verbose_name="options overlap"),
        ),
    ]
