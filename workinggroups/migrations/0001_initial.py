
import django.db.models.deletion
import workinggroups.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='WorkingGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(help_text="The group's part of its pages' addresses: /en/cwg-cop/meetings/.", max_length=40, unique=True, validators=[workinggroups.models._not_reserved], verbose_name='address')),
                ('acronym', models.CharField(max_length=40, unique=True, verbose_name='short name')),
                ('name', models.CharField(max_length=300, verbose_name='full name')),
                ('acronym_ar', models.CharField(blank=True, max_length=40, verbose_name='short name in Arabic')),
                ('acronym_zh', models.CharField(blank=True, max_length=40, verbose_name='short name in Chinese')),
                ('acronym_fr', models.CharField(blank=True, max_length=40, verbose_name='short name in French')),
                ('acronym_ru', models.CharField(blank=True, max_length=40, verbose_name='short name in Russian')),
                ('acronym_es', models.CharField(blank=True, max_length=40, verbose_name='short name in Spanish')),
                ('name_ar', models.CharField(blank=True, max_length=300, verbose_name='full name in Arabic')),
                ('name_zh', models.CharField(blank=True, max_length=300, verbose_name='full name in Chinese')),
                ('name_fr', models.CharField(blank=True, max_length=300, verbose_name='full name in French')),
                ('name_ru', models.CharField(blank=True, max_length=300, verbose_name='full name in Russian')),
                ('name_es', models.CharField(blank=True, max_length=300, verbose_name='full name in Spanish')),
                ('order', models.PositiveSmallIntegerField(default=0, help_text='Where the group comes in lists of groups.', verbose_name='order')),
            ],
            options={
                'verbose_name': 'working group',
                'verbose_name_plural': 'working groups',
                'ordering': ['order', 'acronym'],
            },
        ),
        migrations.CreateModel(
            name='Participation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('start', models.DateField(verbose_name='from')),
                ('end', models.DateField(blank=True, help_text='Empty: to this day.', null=True, verbose_name='until')),
                ('open_to', models.CharField(choices=[('members', 'Member States and Sector Members only'), ('all', 'All stakeholders')], max_length=10, verbose_name='open to')),
                ('basis', models.CharField(blank=True, help_text='The decision that opened or closed the group: a Council resolution.', max_length=200, verbose_name='decided by')),
                ('working_group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='participation', to='workinggroups.workinggroup')),
            ],
            options={
                'verbose_name': 'participation',
                'verbose_name_plural': 'who may take part',
                'ordering': ['working_group', 'start'],
            },
        ),
        migrations.CreateModel(
            name='GroupPeriod',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('start', models.DateField(verbose_name='from')),
                ('end', models.DateField(blank=True, help_text='Empty: to this day.', null=True, verbose_name='until')),
                ('acronym', models.CharField(max_length=40, verbose_name='short name')),
                ('name', models.CharField(blank=True, max_length=300, verbose_name='full name')),
                ('prefix', models.CharField(help_text='The name in the numbers of its documents: WG-CP/1/16, CWG-COP-21/3.', max_length=20, verbose_name='document number prefix')),
                ('working_group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='periods', to='workinggroups.workinggroup')),
            ],
            options={
                'verbose_name': 'name in a period',
                'verbose_name_plural': 'names in earlier and present periods',
                'ordering': ['working_group', 'start'],
            },
        ),
        migrations.CreateModel(
            name='GroupOfficer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('start', models.DateField(verbose_name='from')),
                ('end', models.DateField(blank=True, help_text='Empty: to this day.', null=True, verbose_name='until')),
                ('role', models.CharField(choices=[('chair', 'Chair'), ('vice_chair', 'Vice-chair')], max_length=20, verbose_name='role')),
                ('name', models.CharField(max_length=200, verbose_name='name')),
                ('affiliation', models.CharField(blank=True, max_length=200, verbose_name='affiliation')),
                ('working_group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='officers', to='workinggroups.workinggroup')),
            ],
            options={
                'verbose_name': 'officer',
                'verbose_name_plural': 'officers',
                'ordering': ['working_group', '-start', 'role', 'name'],
            },
        ),
        migrations.CreateModel(
            name='GroupRole',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('secretariat', 'Secretariat'), ('chair', 'Chair or vice-chair')], max_length=20, verbose_name='role')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='group_roles', to=settings.AUTH_USER_MODEL)),
                ('working_group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='roles', to='workinggroups.workinggroup')),
            ],
            options={
                'verbose_name': 'role in a group',
                'verbose_name_plural': 'roles in groups',
                'constraints': [models.UniqueConstraint(fields=('working_group', 'user', 'role'), name='group_role_once')],
            },
        ),
    ]
