"""The PDFs: LibreOffice Writer, fpdf2, ReportLab, pdfTeX with hyperref, Ghostscript, a scan.

Each maker takes the folder to write to and a scratch folder, and returns the files made.
"""

import shutil
import subprocess
import textwrap
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader
from report_text import Page, ascii_text, pages
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

GROUP_PAGE = "https://www.itu.int/en/council/cwg-cop/Pages/default.aspx"
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def title(edition: str) -> str:
    return f"Report of CWG-COP 21, {edition}"


def closing(edition: str) -> str:
    return f"This ends the {edition}."


def run(command: list[str], folder: Path) -> None:
    subprocess.run(command, cwd=folder, check=True, capture_output=True, timeout=600)  # noqa: S603


def expect_pages(path: Path, count: int) -> Path:
    found = len(PdfReader(path).pages)
    if found != count:
        raise SystemExit(f"{path.name} has {found} pages, not {count}: shorten the pages")
    return path


# ---- LibreOffice Writer: a flat OpenDocument text, converted to PDF and to Word

LIBREOFFICE_PDF_OPTIONS = (
    # Bookmarks from the headings, and open on the first page fitted in the window
    # (Magnification 1), which writes /OpenAction [page /Fit].
    '{"ExportBookmarks":{"type":"boolean","value":"true"},'
    '"Magnification":{"type":"long","value":"1"},'
    '"InitialView":{"type":"long","value":"1"}}'
)
FODT_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>{title}</dc:title><meta:initial-creator>CWG-COP secretariat</meta:initial-creator></office:meta>
<office:styles>
 <style:default-style style:family="paragraph">
  <style:text-properties style:font-name="Liberation Serif" fo:font-size="11pt"/>
 </style:default-style>
 <style:style style:name="Text_20_body" style:display-name="Text body" style:family="paragraph">
  <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.2cm"/>
 </style:style>
 <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph"
  style:next-style-name="Text_20_body" style:default-outline-level="1">
  <style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/>
  <style:text-properties style:font-name="Liberation Sans" fo:font-size="15pt" fo:font-weight="bold"/>
 </style:style>
 <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph"
  style:next-style-name="Text_20_body" style:default-outline-level="2">
  <style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.2cm" fo:keep-with-next="always"/>
  <style:text-properties style:font-name="Liberation Sans" fo:font-size="12.5pt" fo:font-weight="bold"/>
 </style:style>
</office:styles>
<office:automatic-styles>
 <style:page-layout style:name="A4">
  <style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm"
   fo:margin-top="2cm" fo:margin-bottom="1.5cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
  <style:footer-style><style:header-footer-properties fo:min-height="1cm"/></style:footer-style>
 </style:page-layout>
 <style:style style:name="NewPage" style:family="paragraph" style:parent-style-name="Heading_20_1">
  <style:paragraph-properties fo:break-before="page"/>
 </style:style>
</office:automatic-styles>
<office:master-styles>
 <style:master-page style:name="Standard" style:page-layout-name="A4">
  <style:footer><text:p>CWG-COP 21 report, page <text:page-number text:select-page="current"/></text:p></style:footer>
 </style:master-page>
</office:master-styles>
<office:body><office:text>
"""
FODT_TAIL = "</office:text></office:body></office:document>\n"


def body(content: str) -> str:
    return f'<text:p text:style-name="Text_20_body">{content}</text:p>'


def link(href: str, text: str) -> str:
    return f'<text:a xlink:type="simple" xlink:href={quoteattr(href)}>{escape(text)}</text:a>'


def fodt(edition: str, report: list[Page]) -> str:
    step = max(1, len(report) // 12)
    parts = [
        FODT_HEAD.replace("{title}", escape(title(edition))),
        '<text:h text:style-name="Heading_20_1" text:outline-level="1">'
        f'<text:bookmark text:name="contents"/>{escape(title(edition))}</text:h>',
        body(
            f"The report of the meeting, set in {len(report)} pages. See also "
            f"{link(GROUP_PAGE, 'the working group page')}."
        ),
        '<text:h text:style-name="Heading_20_2" text:outline-level="2">Contents</text:h>',
        *(
            body(link(f"#part-{page.number}", f"Part {page.number}: {page.heading}"))
            for page in report[1::step]
        ),
    ]
    for page in report:
        if page.number > 1:
            parts.append(
                '<text:h text:style-name="NewPage" text:outline-level="1">'
                f'<text:bookmark text:name="part-{page.number}"/>'
                f"Part {page.number}: {escape(page.heading)}</text:h>"
            )
        for index, paragraph in enumerate(page.paragraphs):
            if index == 1 and page.number % 5 == 0:
                parts.append(
                    '<text:h text:style-name="Heading_20_2" text:outline-level="2">'
                    f"Notes on part {page.number}</text:h>"
                )
            parts.append(body(escape(paragraph)))
        parts.append(
            body(
                f"{link('#contents', 'Back to the contents')}, or "
                f"{link(GROUP_PAGE, 'the documents of the group')}."
            )
        )
    parts.append(body(escape(closing(edition))))
    parts.append(FODT_TAIL)
    return "\n".join(parts)


def libreoffice(source: Path, target: str, folder: Path) -> Path:
    run(
        ["soffice", "--headless", "--convert-to", target, "--outdir", str(folder), str(source)],
        folder,
    )
    return folder / (source.stem + "." + target.split(":")[0])


def libreoffice_files(here: Path, work: Path) -> list[Path]:
    made = []
    for count in (30, 300):
        edition = f"Writer edition in {count} pages"
        source = work / f"libreoffice-writer-{count}-pages.fodt"
        source.write_text(fodt(edition, pages(count, characters=2400)), encoding="utf-8")
        pdf = libreoffice(source, f"pdf:writer_pdf_Export:{LIBREOFFICE_PDF_OPTIONS}", work)
        made.append(expect_pages(Path(shutil.copy(pdf, here / pdf.name)), count))
        if count == 30:
            docx = libreoffice(source, "docx:MS Word 2007 XML", work)
            made.append(Path(shutil.copy(docx, here / docx.name)))
    return made


# ---- fpdf2: a font embedded, an outline, links, and an open destination


class Fpdf2Report(FPDF):
    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("DejaVu", size=8)
        self.cell(0, 10, f"CWG-COP 21 report, page {self.page_no()}", align="C")


def fpdf2_file(here: Path, work: Path) -> list[Path]:
    count = 24
    edition = f"fpdf2 edition in {count} pages"
    report = pages(count, characters=2600)
    pdf = Fpdf2Report(format="A4")
    pdf.add_font("DejaVu", fname=DEJAVU / "DejaVuSans.ttf")
    pdf.add_font("DejaVu", style="B", fname=DEJAVU / "DejaVuSans-Bold.ttf")
    pdf.set_title(title(edition))
    pdf.set_author("CWG-COP secretariat")
    # "fullpage": /OpenAction [first page /Fit].
    pdf.set_display_mode(zoom="fullpage", layout="continuous")
    links = {page.number: pdf.add_link(page=page.number) for page in report}
    for page in report:
        pdf.add_page()
        heading = title(edition) if page.number == 1 else f"Part {page.number}: {page.heading}"
        pdf.set_font("DejaVu", style="B", size=14)
        pdf.start_section(heading, level=0)
        pdf.multi_cell(0, 8, heading, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", size=10)
        if page.number == 1:
            for target in report[1::4]:
                pdf.cell(text=f"Part {target.number}: {target.heading}", link=links[target.number])
                pdf.ln(6)
        for paragraph in page.paragraphs:
            pdf.multi_cell(0, 5, paragraph, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2)
        pdf.cell(text="Back to the contents", link=links[1])
        pdf.ln(6)
        pdf.cell(text="The group's documents", link=GROUP_PAGE)
        pdf.ln(6)
    pdf.multi_cell(0, 5, closing(edition), new_x="LMARGIN", new_y="NEXT")
    path = here / f"fpdf2-{count}-pages.pdf"
    pdf.output(str(path))
    return [expect_pages(path, count)]


# ---- ReportLab: Platypus paragraphs, an outline, links, and a destination as open action


class ReportLabReport(SimpleDocTemplate):
    def afterFlowable(self, flowable) -> None:
        """An outline entry for each heading, as ReportLab's user guide builds one."""
        if isinstance(flowable, Paragraph) and flowable.style.name in ("Heading1", "Heading2"):
            key = f"heading-{id(flowable)}"
            self.canv.bookmarkPage(key)
            level = 0 if flowable.style.name == "Heading1" else 1
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=level)


def open_at_first_page(canvas, document) -> None:
    canvas.bookmarkPage("cover", fit="Fit")
    # The destination bookmarkPage just bound: /OpenAction n 0 R, n being [page /Fit].
    canvas.setCatalogEntry("OpenAction", canvas._bookmarkReference("cover"))
    canvas.showOutline()
    page_footer(canvas, document)


def page_footer(canvas, document) -> None:
    canvas.setFont("Helvetica", 8)
    canvas.drawCentredString(A4[0] / 2, 1 * cm, f"CWG-COP 21 report, page {canvas.getPageNumber()}")


def reportlab_file(here: Path, work: Path) -> list[Path]:
    count = 22
    edition = f"ReportLab edition in {count} pages"
    report = pages(count, characters=2600)
    styles = getSampleStyleSheet()
    story = [Paragraph(escape(title(edition)), styles["Heading1"])]
    story += [
        Paragraph(
            f'<a href="#part-{page.number}" color="blue">Part {page.number}: '
            f"{escape(page.heading)}</a>",
            styles["Normal"],
        )
        for page in report[1::3]
    ]
    for page in report:
        if page.number > 1:
            story += [
                PageBreak(),
                Paragraph(
                    f'<a name="part-{page.number}"/>Part {page.number}: {escape(page.heading)}',
                    styles["Heading1"],
                ),
            ]
        for index, paragraph in enumerate(page.paragraphs):
            if index == 1 and page.number % 4 == 0:
                story.append(Paragraph(f"Notes on part {page.number}", styles["Heading2"]))
            story.append(Paragraph(escape(paragraph), styles["BodyText"]))
        story.append(
            Paragraph(
                f'<a href="{GROUP_PAGE}" color="blue">The group\'s documents</a>', styles["Normal"]
            )
        )
    story.append(Paragraph(escape(closing(edition)), styles["BodyText"]))
    path = here / f"reportlab-{count}-pages.pdf"
    document = ReportLabReport(
        str(path),
        pagesize=A4,
        title=title(edition),
        author="CWG-COP secretariat",
        leftMargin=2 * cm,
        rightMargin=2 * cm,
    )
    document.build(story, onFirstPage=open_at_first_page, onLaterPages=page_footer)
    return [expect_pages(path, count)]


# ---- pdfTeX with hyperref: bookmarks from the sections, links, /OpenAction [page /Fit]

LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def latex(text: str) -> str:
    return "".join(LATEX_SPECIAL.get(character, character) for character in text)


def pdftex_file(here: Path, work: Path) -> list[Path]:
    count = 24
    edition = f"pdfTeX edition in {count} pages"
    report = pages(count - 1, characters=2000)
    lines = [
        r"\documentclass[a4paper,11pt]{article}",
        r"\usepackage[utf8]{inputenc}",
        r"\usepackage[bookmarks=true,bookmarksopen=true,bookmarksnumbered=true,"
        r"pdfstartview=Fit,colorlinks=true,"
        rf"pdftitle={{{latex(title(edition))}}},pdfauthor={{CWG-COP secretariat}}]{{hyperref}}",
        r"\begin{document}",
        rf"\pdfbookmark[1]{{{latex(title(edition))}}}{{cover}}",
        rf"{{\large\bfseries {latex(title(edition))}\par}}\bigskip",
        rf"The report of the meeting, set in {count} pages. See also "
        rf"\href{{{GROUP_PAGE}}}{{the working group's page}}.",
        r"\setcounter{tocdepth}{1}{\small\tableofcontents}",
    ]
    for page in report:
        lines += [r"\newpage", rf"\section{{{latex(page.heading)}}}\label{{part-{page.number}}}"]
        for index, paragraph in enumerate(page.paragraphs):
            if index == 1 and page.number % 4 == 0:
                lines.append(rf"\subsection{{Notes on part {page.number}}}")
            lines += [latex(paragraph), ""]
        lines.append(
            rf"See section~\ref{{part-{max(1, page.number - 1)}}}, or "
            rf"\href{{{GROUP_PAGE}}}{{the group's documents}}."
        )
    lines += ["", latex(closing(edition)), r"\end{document}", ""]
    source = work / "pdftex-hyperref.tex"
    source.write_text("\n".join(lines), encoding="utf-8")
    for _run in range(2):  # the second run writes the contents and the bookmarks
        run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", source.name], work)
    path = Path(
        shutil.copy(work / "pdftex-hyperref.pdf", here / f"pdftex-hyperref-{count}-pages.pdf")
    )
    return [expect_pages(path, count)]


# ---- Ghostscript: a PostScript program with pdfmarks, through ps2pdf; and a scan of it

PS_LINES_A_PAGE = 56
PS_LINE_CHARACTERS = 92


def postscript_string(text: str) -> str:
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def postscript(edition: str, count: int) -> str:
    """A report of `count` A4 pages, Helvetica, with bookmarks and links as pdfmarks."""
    lines: list[tuple[str, str]] = [("title", ascii_text(title(edition))), ("", "")]
    for page in pages(count * 2, characters=3000):
        lines.append(("heading", ascii_text(f"{page.number}. {page.heading}")))
        for paragraph in page.paragraphs:
            lines += [("", row) for row in textwrap.wrap(ascii_text(paragraph), PS_LINE_CHARACTERS)]
            lines.append(("", ""))
    room = count * PS_LINES_A_PAGE - 2
    lines = [*lines[:room], ("", ""), ("", closing(edition))]
    out = [
        "%!PS-Adobe-3.0",
        f"%%Pages: {count}",
        "%%DocumentMedia: A4 595 842 0 () ()",
        "%%EndComments",
        "/body { /Helvetica findfont 10 scalefont setfont } def",
        "/bold { /Helvetica-Bold findfont 12 scalefont setfont } def",
        f"[ /Title {postscript_string(ascii_text(title(edition)))} "
        "/Author (CWG-COP secretariat) /DOCINFO pdfmark",
        "[ /PageMode /UseOutlines /Page 1 /View [ /Fit ] /DOCVIEW pdfmark",
    ]
    for number in range(count):
        page_lines = lines[number * PS_LINES_A_PAGE : (number + 1) * PS_LINES_A_PAGE]
        out += [f"%%Page: {number + 1} {number + 1}", "<< /PageSize [ 595 842 ] >> setpagedevice"]
        y = 790
        for kind, text in page_lines:
            if kind:
                out.append("bold")
                out.append(
                    f"[ /Title {postscript_string(text)} /Page {number + 1} "
                    "/View [ /XYZ null null null ] /OUT pdfmark"
                )
            else:
                out.append("body")
            out.append(f"50 {y} moveto {postscript_string(text)} show")
            y -= 13
        out += [
            "body 50 40 moveto (Back to the first page) show",
            "[ /Rect [ 48 36 160 50 ] /Border [ 0 0 0 ] /Page 1 /View [ /Fit ] "
            "/Subtype /Link /ANN pdfmark",
            "400 40 moveto (The group's documents) show",
            "[ /Rect [ 398 36 520 50 ] /Border [ 0 0 0 ] "
            f"/Action << /Subtype /URI /URI {postscript_string(GROUP_PAGE)} >> "
            "/Subtype /Link /ANN pdfmark",
            "showpage",
        ]
    out += ["%%EOF", ""]
    return "\n".join(out)


def ghostscript_files(here: Path, work: Path) -> list[Path]:
    count = 12
    source = work / "ghostscript-ps2pdf.ps"
    source.write_text(postscript(f"PostScript edition in {count} pages", count), encoding="ascii")
    made = here / f"ghostscript-ps2pdf-{count}-pages.pdf"
    run(["ps2pdf", "-sPAPERSIZE=a4", source.name, str(made)], work)
    return [expect_pages(made, count), scanned_file(here, work, made)]


def scanned_file(here: Path, work: Path, printed: Path) -> Path:
    """Eight pages printed, scanned at 100 dpi in grey, a little askew, as JPEG, one to a page."""
    count = 8
    scans = work / "scans"
    scans.mkdir(exist_ok=True)
    run(
        [
            "gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pnggray", "-r100",
            f"-dLastPage={count}", f"-sOutputFile={scans}/page-%02d.png", str(printed),
        ],
        work,
    )  # fmt: skip
    images = []
    for number, png in enumerate(sorted(scans.glob("page-*.png"))):
        angle = 0.6 if number % 2 else -0.4
        with Image.open(png) as page:
            askew = page.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=255)
            jpeg = png.with_suffix(".jpg")
            askew.save(jpeg, quality=50, dpi=(100, 100))
        images.append(str(jpeg))
    made = here / f"scanned-{count}-pages.pdf"
    run(["img2pdf", "--pagesize", "A4", "-o", str(made), *images], work)
    return expect_pages(made, count)
