from django.urls import path

from . import meeting_pdf_views, presenter_upload_views, report_views, views

app_name = "meetings"

urlpatterns = [
    path("meetings/", views.meeting_list, name="list"),
    path("meetings.ics", views.meetings_ics, name="calendar-all"),
    path("meetings/<int:number>/", views.meeting_detail, name="detail"),
    path("meetings/<int:number>/report/", report_views.meeting_report, name="report"),
    path(
        "meetings/<int:number>/report/<int:revision>/",
        report_views.meeting_report,
        name="report-version",
    ),
    path(
        "meetings/<int:number>/report.docx",
        report_views.meeting_report_download,
        name="report-docx",
    ),
    path("actions/", views.action_list, name="actions"),
    path("meetings/<int:number>/files.zip", views.meeting_files_zip, name="files-zip"),
    path(
        "meetings/<int:number>/documents.pdf",
        meeting_pdf_views.meeting_documents_pdf,
        name="documents-pdf",
    ),
    path("meetings/<int:number>.ics", views.meeting_ics, name="calendar"),
]

# A presenter's upload link goes out in mail: its token finds the meeting, in any group.
shared_urlpatterns = [
    path(
        "presentations/upload/<str:token>/",
        presenter_upload_views.presenter_upload,
        name="presenter-upload",
    ),
]
