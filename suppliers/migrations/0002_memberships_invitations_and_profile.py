import django.db.models.deletion
import procurement.clock
import procurement.money
from django.conf import settings
from django.db import migrations, models


def members_become_owners(apps, schema_editor):
    Organisation = apps.get_model("suppliers", "SupplierOrganisation")
    Membership = apps.get_model("suppliers", "SupplierMembership")
    Membership.objects.bulk_create(
        [
            Membership(organisation=organisation, user=user, role="owner")
            for organisation in Organisation.objects.prefetch_related("members")
            for user in organisation.members.all()
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):

    dependencies = [
        ('suppliers', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='supplierorganisation',
            name='annual_turnover_pence',
            field=procurement.money.PenceField(blank=True, null=True, verbose_name='annual turnover (£)'),
        ),
        migrations.AddField(
            model_name='supplierorganisation',
            name='balance_sheet_total_pence',
            field=procurement.money.PenceField(blank=True, null=True, verbose_name='balance sheet total (£)'),
        ),
        migrations.AddField(
            model_name='supplierorganisation',
            name='capabilities',
            field=models.JSONField(blank=True, default=list, help_text='CPV divisions (2 digits) the organisation works in.'),
        ),
        migrations.AddField(
            model_name='supplierorganisation',
            name='created_at',
            field=models.DateTimeField(default=procurement.clock.now, editable=False),
        ),
        migrations.AddField(
            model_name='supplierorganisation',
            name='society_number',
            field=models.CharField(blank=True, max_length=7, verbose_name='Financial Conduct Authority society number'),
        ),
        migrations.AddField(
            model_name='supplierorganisation',
            name='staff_headcount',
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='supplierorganisation',
            name='charity_number',
            field=models.CharField(blank=True, max_length=10),
        ),
        migrations.AlterField(
            model_name='supplierorganisation',
            name='is_sme',
            field=models.BooleanField(default=False, editable=False, verbose_name='SME'),
        ),
        migrations.AlterField(
            model_name='supplierorganisation',
            name='organisation_type',
            field=models.CharField(choices=[('company', 'Company'), ('charity', 'Charity'), ('cic', 'Community interest company (CIC)'), ('cooperative', 'Co-operative'), ('sole_trader', 'Sole trader'), ('other', 'Other')], max_length=20),
        ),
        migrations.CreateModel(
            name='SupplierInvitation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('email', models.EmailField(max_length=254, verbose_name='e-mail address')),
                ('role', models.CharField(choices=[('owner', 'Owner'), ('member', 'Member')], max_length=10)),
                ('created_at', models.DateTimeField(default=procurement.clock.now, editable=False)),
                ('accepted_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('revoked_at', models.DateTimeField(blank=True, editable=False, null=True)),
                ('accepted_by', models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='accepted_supplier_invitations', to=settings.AUTH_USER_MODEL)),
                ('invited_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='suppliers.supplierorganisation')),
            ],
            options={
                'ordering': ['-created_at'],
                'indexes': [models.Index(fields=['organisation', 'email'], name='supplier_invitation_email')],
            },
        ),
        migrations.CreateModel(
            name='SupplierMembership',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('role', models.CharField(choices=[('owner', 'Owner'), ('member', 'Member')], max_length=10)),
                ('created_at', models.DateTimeField(default=procurement.clock.now, editable=False)),
                ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='memberships', to='suppliers.supplierorganisation')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='supplier_memberships', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['organisation', 'user'],
                'constraints': [models.UniqueConstraint(fields=('organisation', 'user'), name='one_membership_per_organisation')],
            },
        ),
        # Everyone who was a member before roles existed becomes an owner, so no organisation is
        # left without someone who can manage it.
        migrations.RunPython(members_become_owners, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='supplierorganisation',
            name='members',
        ),
    ]
