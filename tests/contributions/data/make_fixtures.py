"""Make the real producers' files in this folder again (they are committed; tests only read them).

    .venv/bin/python tests/contributions/data/make_fixtures.py

Needs LibreOffice (Debian: apt-get install --no-install-recommends libreoffice-writer-nogui)
and Playwright's Chromium (Debian's /usr/bin/chromium). See README.md for what each file is.
"""

import io
import shutil
import subprocess
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright
from pypdf import PdfReader, PdfWriter

HERE = Path(__file__).resolve().parent
TEXT = "Contribution on child online protection"
HTML = (
    f"<html><head><title>{TEXT}</title></head><body><h1>{TEXT}</h1>"
    "<p>National helpline for children and young people.</p></body></html>"
)
PDF_A_2B = '{"SelectPdfVersion":{"type":"long","value":"2"}}'
# Opens without a password; printing, changes and copying need the owner password.
RESTRICTED = (
    '{"RestrictPermissions":{"type":"boolean","value":"true"},'
    '"PermissionPassword":{"type":"string","value":"ministry"},'
    '"Printing":{"type":"long","value":"0"},"Changes":{"type":"long","value":"0"},'
    '"EnableCopyingOfContent":{"type":"boolean","value":"false"}}'
)


def libreoffice(source: Path, target: str, folder: Path) -> Path:
    subprocess.run(  # noqa: S603
        ["soffice", "--headless", "--convert-to", target, "--outdir", str(folder), str(source)],  # noqa: S607
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder / (source.stem + "." + target.split(":")[0])


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        html = folder / "contribution.html"
        html.write_text(HTML)
        odt = libreoffice(html, "odt", folder)
        shutil.copy(
            libreoffice(odt, "docx:MS Word 2007 XML", folder), HERE / "libreoffice-writer.docx"
        )
        shutil.copy(
            libreoffice(odt, "pdf:writer_pdf_Export", folder), HERE / "libreoffice-writer.pdf"
        )
        pdf_a = folder / "pdfa"
        pdf_a.mkdir()
        made = libreoffice(odt, f"pdf:writer_pdf_Export:{PDF_A_2B}", pdf_a)
        shutil.copy(made, HERE / "libreoffice-writer-pdfa-2b.pdf")
        restricted = folder / "restricted"
        restricted.mkdir()
        made = libreoffice(odt, f"pdf:writer_pdf_Export:{RESTRICTED}", restricted)
        shutil.copy(made, HERE / "libreoffice-owner-password.pdf")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-background-networking", "--disable-component-update"],
        )
        page = browser.new_page()
        page.set_content(HTML)
        (HERE / "chromium.pdf").write_bytes(page.pdf(format="A4"))
        browser.close()
    for algorithm, name in (
        ("AES-256", "owner-password-aes256.pdf"),
        ("RC4-128", "owner-password-rc4.pdf"),
    ):
        writer = PdfWriter(clone_from=PdfReader(HERE / "chromium.pdf"))
        # An owner password only: the file opens without a password, printing and copying
        # are restricted.
        writer.encrypt(
            user_password="", owner_password="ministry", permissions_flag=0, algorithm=algorithm
        )
        buffer = io.BytesIO()
        writer.write(buffer)
        (HERE / name).write_bytes(buffer.getvalue())


if __name__ == "__main__":
    main()
