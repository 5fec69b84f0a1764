from django.urls import path

app_name = "consent_public"
urlpatterns: list = []
