from django.urls import path

from assets.api.views import AssetView

urlpatterns = [path("assets/<str:entity_id>", AssetView.as_view(), name="asset")]
