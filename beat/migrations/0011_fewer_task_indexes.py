"""Three indexes fewer to write on every task's change of status (and on every event).

`db_index=True` on a CharField gives PostgreSQL a second, `varchar_pattern_ops` index for LIKE 'prefix%'
lookups: nothing looks flows or routing keys up by prefix. And the account's own index repeats the
first column of srl_account_idx. Every insert and every non-HOT update (a claim, an outcome) wrote
all three, in the submit's WAL flush too.

The plain flow and routing-key indexes are kept, renamed (no rebuild, no lock held over a big table).
"""
from django.db import migrations, models

_PLAIN = [("scrape_request_log", "flow", "scrape_request_log_flow_98c16937", "srl_flow_idx"),
          ("beat_outbox", "routing_key", "beat_outbox_routing_key_96705668", "beat_outbox_routing_key_idx")]
_ACCOUNT = "scrape_request_log_account_id_39c11f13"  # on scrape_request_log (account_id)


def forwards(apps, schema_editor):
    run = schema_editor.execute
    for table, column, old, new in _PLAIN:
        if schema_editor.connection.vendor == "postgresql":
            run(f'DROP INDEX IF EXISTS "{old}_like"')
            run(f'ALTER INDEX IF EXISTS "{old}" RENAME TO "{new}"')
        else:  # SQLite cannot rename an index
            run(f'DROP INDEX IF EXISTS "{old}"')
            run(f'CREATE INDEX "{new}" ON "{table}" ("{column}")')
    run(f'DROP INDEX IF EXISTS "{_ACCOUNT}"')


def backwards(apps, schema_editor):
    run = schema_editor.execute
    for table, column, old, new in _PLAIN:
        if schema_editor.connection.vendor == "postgresql":
            run(f'ALTER INDEX IF EXISTS "{new}" RENAME TO "{old}"')
            run(f'CREATE INDEX IF NOT EXISTS "{old}_like" ON "{table}" ("{column}" varchar_pattern_ops)')
        else:
            run(f'DROP INDEX IF EXISTS "{new}"')
            run(f'CREATE INDEX "{old}" ON "{table}" ("{column}")')
    run(f'CREATE INDEX IF NOT EXISTS "{_ACCOUNT}" ON "scrape_request_log" ("account_id")')


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0001_initial'),
        ('beat', '0010_claim_batch'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(forwards, backwards)],
            state_operations=[
                migrations.AlterField(
                    model_name='scraperequestlog',
                    name='flow',
                    field=models.CharField(max_length=100),
                ),
                migrations.AlterField(
                    model_name='scraperequestlog',
                    name='account',
                    field=models.ForeignKey(blank=True, db_index=False, null=True,
                                            on_delete=models.deletion.PROTECT, related_name='tasks',
                                            to='accounts.account'),
                ),
                migrations.AddIndex(
                    model_name='scraperequestlog',
                    index=models.Index(fields=['flow'], name='srl_flow_idx'),
                ),
                migrations.AlterField(
                    model_name='outboxevent',
                    name='routing_key',
                    field=models.CharField(max_length=100),
                ),
                migrations.AddIndex(
                    model_name='outboxevent',
                    index=models.Index(fields=['routing_key'], name='beat_outbox_routing_key_idx'),
                ),
            ],
        ),
    ]
