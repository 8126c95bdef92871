"""Make the long files of real producers in this folder again (committed; tests only read them).

    .venv/bin/python tests/contributions/data/producers/make_files.py          # every file
    .venv/bin/python tests/contributions/data/producers/make_files.py fpdf2    # some of them

Needs LibreOffice Writer, pdfTeX with hyperref, Ghostscript and img2pdf (Debian:
apt-get install --no-install-recommends libreoffice-writer-nogui texlive-latex-base
texlive-latex-recommended ghostscript img2pdf) and, in the virtualenv, fpdf2, reportlab,
python-docx, openpyxl, python-pptx and Pillow. README.md says what each file is.

Every file starts with a heading of its own and ends with a sentence of its own, which
tests/contributions/test_producer_files.py looks for in the extracted text.
"""

import sys
import tempfile
from pathlib import Path

from pypdf import PdfReader

sys.path.insert(0, str(Path(__file__).resolve().parent))

import office_files
import pdf_files

HERE = Path(__file__).resolve().parent

MAKERS = {
    "libreoffice": pdf_files.libreoffice_files,
    "fpdf2": pdf_files.fpdf2_file,
    "reportlab": pdf_files.reportlab_file,
    "pdftex": pdf_files.pdftex_file,
    "ghostscript": pdf_files.ghostscript_files,
    "python-docx": office_files.python_docx_file,
    "openpyxl": office_files.openpyxl_file,
    "python-pptx": office_files.python_pptx_file,
}


def main(names: list[str]) -> None:
    chosen = names or list(MAKERS)
    with tempfile.TemporaryDirectory(prefix="producers-") as work:
        for name in chosen:
            for made in MAKERS[name](HERE, Path(work)):
                pages = len(PdfReader(made).pages) if made.suffix == ".pdf" else None
                size = made.stat().st_size
                print(f"{made.name}: {size:,} bytes" + (f", {pages} pages" if pages else ""))


if __name__ == "__main__":
    main(sys.argv[1:])
