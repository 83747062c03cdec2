from django.apps import AppConfig


class ShopifyConfig(AppConfig):
    name = "shopify"

    def ready(self):
        from credentials.sources import HANDLE_RULES
        from shopify.providers import shop_domain

        # A shopify credential's handle is the shop domain, put into the host of every call; the
        # validator (shopify/validators.py) is found by the credentials app.
        HANDLE_RULES["shopify"] = shop_domain
