"""Re-encrypt every credential with the first key of BEAT_CREDENTIALS_KEYS (after putting a new key first)."""
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from beat.errors import Misconfigured
from credentials import crypto
from credentials.models import Credential

BATCH = 200


class Command(BaseCommand):
    help = "Re-encrypts every stored credential with the first key of BEAT_CREDENTIALS_KEYS."

    def handle(self, *args, **options):
        total = Credential.objects.count()
        done, unreadable = 0, []
        ids = list(Credential.objects.order_by("id").values_list("id", flat=True))
        for start in range(0, len(ids), BATCH):
            with transaction.atomic():  # one short transaction per batch: rows are locked briefly
                for row in Credential.objects.select_for_update().filter(id__in=ids[start:start + BATCH]):
                    try:
                        row.secret_ciphertext = crypto.reencrypt(row.secret_ciphertext, label=f"credential #{row.id}")
                    except Misconfigured:
                        unreadable.append(row.id)
                        continue
                    row.save(update_fields=["secret_ciphertext"])
                    done += 1
            self.stdout.write(f"re-encrypted {done}/{total}")
        if unreadable:
            raise CommandError(f"{len(unreadable)} credential(s) no configured key opens, left as they were: "
                               f"{', '.join(map(str, unreadable))}")
        self.stdout.write(self.style.SUCCESS(f"All {done} credentials are encrypted with the first key."))
