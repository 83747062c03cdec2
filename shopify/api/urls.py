"""The Shopify routes, mounted at "" by beat/api/urls.py."""
from django.urls import path

from shopify.api.views import StoreListView, StoreOrdersView, StoreSummaryView

urlpatterns = [
    path("shopify/stores", StoreListView.as_view(), name="shopify-stores"),
    path("shopify/stores/<str:store>/orders", StoreOrdersView.as_view(), name="shopify-orders"),
    path("shopify/stores/<str:store>/orders/summary", StoreSummaryView.as_view(), name="shopify-orders-summary"),
]
