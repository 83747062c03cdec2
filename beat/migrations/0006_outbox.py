"""The events outbox, and the trigger that writes a task's status events (beat.events.task_trigger)."""

import django.utils.timezone
import uuid
from django.db import migrations, models

from beat.events import task_trigger


def install(apps, schema_editor):
    task_trigger.install(schema_editor)


def uninstall(apps, schema_editor):
    task_trigger.uninstall(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('beat', '0005_quota_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='OutboxEvent',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('event_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('exchange', models.CharField(max_length=50)),
                ('routing_key', models.CharField(db_index=True, max_length=100)),
                ('payload', models.JSONField(help_text='The event as published, secrets scrubbed (beat.events.scrub).')),
                ('account_id', models.BigIntegerField(blank=True, help_text='The account the event is about, if any.', null=True)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('published_at', models.DateTimeField(blank=True, help_text='When the broker confirmed it.', null=True)),
                ('dispatched_at', models.DateTimeField(blank=True, help_text='When its webhook deliveries were created (webhooks app).', null=True)),
                ('attempts', models.PositiveIntegerField(default=0)),
                ('last_error', models.CharField(blank=True, default='', max_length=300)),
            ],
            options={
                'db_table': 'beat_outbox',
                'indexes': [models.Index(condition=models.Q(('published_at__isnull', True)), fields=['id'], name='beat_outbox_unpublished_idx'), models.Index(condition=models.Q(('dispatched_at__isnull', True)), fields=['id'], name='beat_outbox_undispatched_idx')],
            },
        ),
        migrations.RunPython(install, uninstall),
    ]
