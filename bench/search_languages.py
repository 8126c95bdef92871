"""Search in the six languages, measured: titles written in each language, and searches a
reader of that language would type (another form of a word, or a word inside a Chinese
title), each expected to find its title. Prints, per language, how many searches find
their title with the search as it is (each text read in its own language, Chinese by its
pairs of characters) and as it was before (every text read as English).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cwgcop_bench_20000 \\
        .venv/bin/python -m bench.search_languages

PostgreSQL only. The titles are written in a transaction that is rolled back: the archive
is left as it was.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (language, title, searches that should find it)
CASES = [
    ("en", "Guidelines for industry on child online protection", ["guideline", "protecting"]),
    ("en", "Children's rights in relation to the digital environment", ["child right"]),
    ("fr", "Lignes directrices pour la protection des enfants en ligne", ["enfant", "directrice"]),
    ("fr", "Rapport sur les violences faites aux mineurs", ["violence", "rapports"]),
    ("fr", "Les plateformes numériques et la sécurité des jeunes", ["plateforme", "numérique"]),
    ("es", "Protección de los niños y niñas en internet", ["niño", "protecciones"]),
    ("es", "Estrategias nacionales contra el ciberacoso escolar", ["estrategia", "escolares"]),
    ("es", "Las familias y la alfabetización digital", ["familia", "digitales"]),
    ("ru", "Защита детей в интернете", ["дети", "защиты"]),
    ("ru", "Национальные стратегии безопасности", ["стратегия", "безопасность"]),
    ("ru", "Обучение родителей и учителей", ["родители", "учитель"]),
    ("ar", "حماية الأطفال على الإنترنت", ["أطفال", "انترنت"]),
    ("ar", "الاستراتيجيات الوطنية للسلامة الرقمية", ["استراتيجية", "الرقمي"]),
    ("ar", "دور المعلمين في التوعية", ["المعلم", "توعية"]),
    ("zh", "儿童在线保护指南", ["儿童", "保护", "在线保护"]),
    ("zh", "网络欺凌与青少年心理健康", ["欺凌", "心理健康", "青少年"]),
    ("zh", "国家数字素养战略", ["数字素养", "战略"]),
]


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cwgcop.settings")
    os.environ.setdefault("SECRET_KEY", "bench")
    import django

    django.setup()
    from django.db import connection, transaction

    from contributions.models import Document
    from contributions.search import refresh_search_index, search_documents
    from meetings.models import Meeting

    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only: set DATABASE_URL")
    rows: dict[str, list[tuple[int, int]]] = {}
    with transaction.atomic():
        meeting = Meeting.objects.order_by("-number").first()
        ids = {}
        for index, (language, title, _searches) in enumerate(CASES):
            document = Document.objects.create(
                meeting=meeting,
                kind="information",
                number=f"LANGUAGES/{index}",
                title=title,
                original_language=language,
                status="draft",
            )
            ids[index] = document.pk
        refresh_search_index(document_ids=ids.values())
        documents = Document.objects.filter(pk__in=ids.values())
        for index, (language, _title, searches) in enumerate(CASES):
            for text in searches:
                now = set(search_documents(documents, text).values_list("pk", flat=True))
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT id FROM contributions_document WHERE id = ANY(%s) AND "
                        "to_tsvector('english', title) @@ websearch_to_tsquery('english', %s)",
                        [list(ids.values()), text],
                    )
                    before = {pk for (pk,) in cursor.fetchall()}
                wanted = ids[index]
                rows.setdefault(language, []).append((wanted in before, wanted in now))
                others = len(now - {wanted})
                print(
                    f"  {language}  {text:<14} before {'found' if wanted in before else '-':<6}"
                    f"now {'found' if wanted in now else '-':<6}"
                    f"{f'(+{others} other titles)' if others else ''}"
                )
        transaction.set_rollback(True)
    print("\nlanguage  searches  found before  found now")
    total_before = total_now = total = 0
    for language, results in rows.items():
        before = sum(found for found, _ in results)
        now = sum(found for _, found in results)
        total_before, total_now, total = (
            total_before + before,
            total_now + now,
            total + len(results),
        )
        print(f"{language:<9} {len(results):>8}  {before:>12}  {now:>9}")
    print(f"{'all':<9} {total:>8}  {total_before:>12}  {total_now:>9}")


if __name__ == "__main__":
    main()
