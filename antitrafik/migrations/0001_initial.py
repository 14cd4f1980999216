from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name='Version',
            fields=[
                ('name', models.CharField(max_length=20, primary_key=True, serialize=False)),
                ('token', models.CharField(max_length=32)),
            ],
            options={
                'verbose_name': 'version of the data',
                'verbose_name_plural': 'versions of the data',
            },
        ),
    ]
