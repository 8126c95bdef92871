from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("reminders/", views.deadline_reminders, name="deadline-reminders"),
]
