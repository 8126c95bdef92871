"""The documents whose content is like a document's, kept for its page (services.py)."""

from django.db import models

from contributions.models import Document


class SimilarDocument(models.Model):
    """One of the (up to five) documents most like `document`, by the words they share."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="similar_rows")
    similar = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField()
    # The words they share that tell most, most telling first, as written in the text.
    shared_words = models.JSONField(default=list)

    class Meta:
        ordering = ["document", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["document", "rank"], name="similar_rank_unique"),
            models.UniqueConstraint(fields=["document", "similar"], name="similar_once"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id} ~ {self.similar_id} ({self.rank})"


class WordFrequency(models.Model):
    """In how many public documents a word of the search vectors occurs (PostgreSQL),
    counted with ts_stat by `refresh_word_frequencies`. The row whose word is "" holds how
    many public documents were counted."""

    word = models.TextField(primary_key=True)
    documents = models.PositiveIntegerField()
    counted_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.word}: {self.documents}"
