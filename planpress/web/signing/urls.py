from django.urls import path

from . import views_keys, views_pdf, views_release, views_review, views_sign, views_transcription

app_name = "signing"
urlpatterns = [
    path("", views_sign.inbox, name="inbox"),
    path("key/", views_keys.my_key, name="key"),
    path("key/export/", views_keys.export, name="export"),
    path("key/revoke/", views_keys.revoke_mine, name="revoke"),
    path("certificates/", views_keys.requests, name="requests"),
    path("certificates/<int:pk>/issue/", views_keys.issue, name="issue"),
    path("certificates/<int:pk>/unlock/", views_keys.unlock, name="unlock"),
    path("certificates/<int:pk>/revoke/", views_keys.revoke_any, name="revoke_any"),
    path("<str:number>/sign/<str:role>/", views_sign.sign, name="sign"),
    path("verify/", views_pdf.verify_upload, name="verify"),
    path("builds/", views_release.build_status, name="build_status"),
    path("<str:number>/pdf/<str:role>/", views_pdf.pdf_sign, name="pdf_sign"),
    path("<str:number>/release/", views_release.release, name="release"),
    path("<str:number>/transcription/", views_transcription.transcription, name="transcription"),
    path("<str:number>/review/", views_review.review, name="review"),
    path("<str:number>/comments/", views_review.comment, name="comment"),
    path("<str:number>/comments/<int:pk>/answer/", views_review.answer, name="answer"),
    path("<str:number>/submit/", views_review.submit, name="submit"),
    path("<str:number>/send-back/", views_review.send_back, name="send_back"),
]
