"""shopify credentials: GET shop.json with the shop's own token, through the provider (which checks
the handle is a shop domain before anything is sent)."""
from credentials.validation.base import Validation, validator
from shopify.providers import ShopifyProvider


@validator("shopify")
def validate_shop_token(lease, ctx) -> Validation:
    ShopifyProvider(lease.secret, credential_id=lease.id, ctx=ctx).shop(lease.handle)
    return Validation(is_valid=True)
