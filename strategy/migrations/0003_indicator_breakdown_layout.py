"""Indicators declare how their breakdowns are entered. Existing indicators keep the cross-table they had;
new ones default to separate one-way tables, as official sources publish them."""

from django.db import migrations, models

CHOICES = [
    ("separate", "Separate one-way tables (one per dimension)"),
    ("cross", "One cross-table of all dimensions"),
    ("both", "Either: one-way tables or the cross-table"),
]
HELP = ("How the breakdowns are entered: separate one-way tables (by sex; by age; …), as official sources publish "
        "them, the full cross-table, or either of the two.")


def field(default):
    return models.CharField(choices=CHOICES, default=default, help_text=HELP, max_length=10,
                            verbose_name="breakdown layout")


class Migration(migrations.Migration):

    dependencies = [
        ("strategy", "0002_indicatordimension_options_overlap"),
    ]

    operations = [
        # Added with 'cross' so that the rows that exist keep the grid their values were entered in …
        migrations.AddField(model_name="historicalindicator", name="breakdown_layout", field=field("cross")),
        migrations.AddField(model_name="indicator", name="breakdown_layout", field=field("cross")),
        # … then the default for new indicators becomes 'separate'.
        migrations.AlterField(model_name="historicalindicator", name="breakdown_layout", field=field("separate")),
        migrations.AlterField(model_name="indicator", name="breakdown_layout", field=field("separate")),
    ]
