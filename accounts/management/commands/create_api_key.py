"""python manage.py create_api_key <account>: a new key, alone on the last line (scripts read it)."""
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_slug

from accounts.models import Account, AccountAPIKey


class Command(BaseCommand):
    help = "Create an API key for an account (creating the account if needed); prints the key on the last line."

    def add_arguments(self, parser):
        parser.add_argument("account", help="The account's slug (the account_id clients use).")
        parser.add_argument("--name", default="command line", help="What the key is for (50 characters).")
        parser.add_argument("--can-manage-tokens", action="store_true",
                            help="The key may also call POST /tokens and GET /token/validate.")

    def handle(self, *args, account, name, can_manage_tokens, **options):
        try:
            validate_slug(account)
        except ValidationError:
            raise CommandError(f"{account!r} is not a valid account slug (letters, digits, - and _).") from None
        if len(name) > 50:
            raise CommandError("--name is at most 50 characters.")
        owner, created = Account.objects.get_or_create(slug=account, defaults={"name": account})
        if not owner.is_active:
            self.stderr.write(f"Warning: account {owner.slug} is disabled; its keys are refused until it is enabled.")
        api_key, key = AccountAPIKey.objects.create_key(account=owner, name=name,
                                                        can_manage_tokens=can_manage_tokens)
        self.stdout.write(f"{'Created account' if created else 'Account'} {owner.slug}; "
                          f"new API key {api_key.prefix} ({name}). Store it now, it is not shown again:")
        self.stdout.write(key)
