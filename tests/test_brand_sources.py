"""Reading uploads: every accepted type, and every kind of bad input with a clear error."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from core.errors import InputError
from tests.conftest import SHARED_DATA
from tools.brandkit.sources import MAX_FILE_BYTES, read_upload

FIXTURES = Path(__file__).parent / "fixtures" / "brand"


def pdf_with_text(text: str) -> bytes:
    """A minimal one-page PDF whose text layer says `text` (built by hand: no PDF writer needed)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def blank_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def logo_png(path: Path) -> Path:
    """A 60x40 logo: 3/4 forest green, 1/4 orange, a transparent corner that must not count."""
    image = Image.new("RGBA", (60, 40), (34, 85, 51, 255))
    for x in range(45, 60):
        for y in range(40):
            image.putpixel((x, y), (240, 120, 20, 255))
    for x in range(5):
        for y in range(5):
            image.putpixel((x, y), (255, 255, 255, 0))
    image.save(path)
    return path


def test_markdown_guide_is_read_as_structured_blocks() -> None:
    doc = read_upload(SHARED_DATA / "brand_style_guides" / "mailchimp_content_style_guide" / "16-word-list.html.md")
    assert doc.kind == "markdown" and len(doc.sha256) == 64
    items = [b for b in doc.blocks if b.kind == "item" and b.heading == "Words to avoid"]
    assert items[0].text.startswith("automagical")
    assert "title:" not in doc.text  # front matter is metadata, not text


def test_posts_csv_keeps_metrics_and_finds_the_text_column() -> None:
    doc = read_upload(FIXTURES / "trailhead-posts.csv")
    assert doc.kind == "posts" and len(doc.blocks) == 8
    assert doc.blocks[0].metrics == {"likes": 412.0, "views": 5100.0}
    assert doc.blocks[0].text.startswith("Frost on the tent")


def test_real_youtube_export_reads_titles_with_metrics() -> None:
    doc = read_upload(SHARED_DATA / "youtube_channels_api_ivanseldas" / "data_Nude_Project" / "df_videos.csv")
    assert len(doc.blocks) > 1000
    assert {"viewCount", "likeCount", "commentCount"} <= set(doc.blocks[0].metrics)


def test_json_posts_html_pdf_and_txt_are_read(tmp_path: Path) -> None:
    (tmp_path / "posts.json").write_text('{"posts": [{"caption": "Fresh roast Friday", "likes": 12}, "Second post here"]}')
    doc = read_upload(tmp_path / "posts.json")
    assert [b.text for b in doc.blocks] == ["Fresh roast Friday", "Second post here"]
    assert doc.blocks[0].metrics == {"likes": 12.0}
    (tmp_path / "page.html").write_text(
        "<html><head><style>p{}</style><script>alert(1)</script></head><body><h2>Voice</h2>"
        "<p>We write <em>plainly</em>.</p><ul><li>Avoid <b>synergy</b></li></ul></body></html>"
    )
    html_doc = read_upload(tmp_path / "page.html")
    assert [(b.kind, b.text) for b in html_doc.blocks] == [("heading", "Voice"), ("paragraph", "We write plainly."), ("item", "Avoid synergy")]
    assert "alert" not in html_doc.text
    (tmp_path / "guide.pdf").write_bytes(pdf_with_text("Never use synergy in a caption."))
    assert "Never use synergy" in read_upload(tmp_path / "guide.pdf").text
    captions = read_upload(FIXTURES / "trailhead-captions.txt")
    assert [b.kind for b in captions.blocks] == ["post"] * 4


def test_image_palette_is_measured_from_opaque_pixels(tmp_path: Path) -> None:
    doc = read_upload(logo_png(tmp_path / "logo.png"))
    assert doc.kind == "image"
    colours = dict(doc.palette)
    assert list(colours)[:2] == ["#225533", "#f07814"]
    assert colours["#225533"] == pytest.approx(0.75, abs=0.03)
    assert "#ffffff" not in colours
    Image.new("RGB", (20, 20), (200, 30, 30)).save(tmp_path / "photo.jpg")
    assert read_upload(tmp_path / "photo.jpg").palette[0][1] == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "is empty"),
        ("blank.md", b"  \n\t \n ", "only whitespace"),
        ("binary.txt", b"\x00\x01\x02 not text", "does not look like text"),
        ("broken.png", b"\x89PNG\r\n\x1a\nthis is not an image", "not a readable image"),
        ("broken.jpg", b"\xff\xd8\xff\xe0 truncated", "not a readable image"),
        ("broken.pdf", b"%PDF-1.4 garbage", "not a readable PDF|no text layer"),
        ("posts.csv", b"id,views\n1,10\n2,20\n", "no column of post text"),
        ("posts.json", b"{not json", "not valid JSON"),
        ("script.exe", b"MZ", r"\.exe files cannot be used .*accepted: \.txt \.md \.html \.pdf"),
        ("notes.docx", b"PK", r"\.docx files cannot be used"),
    ],
)
def test_bad_uploads_fail_with_a_message_naming_the_file(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as error:
        read_upload(path)
    assert name in str(error.value)


def test_a_pdf_without_a_text_layer_is_refused(tmp_path: Path) -> None:
    (tmp_path / "scan.pdf").write_bytes(blank_pdf())
    with pytest.raises(InputError, match="no text layer"):
        read_upload(tmp_path / "scan.pdf")


def test_a_100_mb_upload_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: instant, no 100 MB written
    with pytest.raises(InputError, match=r"huge.txt is 100.0 MB; brand examples can be at most 25 MB"):
        read_upload(path)
    assert MAX_FILE_BYTES == 25 * 1024 * 1024


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_upload(tmp_path / "missing.md")


def test_a_captions_file_s_title_line_is_not_taken_for_a_caption(tmp_path: Path) -> None:
    from tools.brandkit.sources import text_blocks

    captions = ("Harbor & Pine captions, spring 2025\n\n"
                "Rain all week? Good. The jacket was made for it.\n\n"
                "We left one in the lake for a day. Still dry inside.\n\n"
                "Which trail should we test next?\n")
    kinds = [(block.kind, block.text) for block in text_blocks(captions)]
    assert kinds[0] == ("heading", "Harbor & Pine captions, spring 2025")
    assert [kind for kind, _text in kinds[1:]] == ["post", "post", "post"]
    untitled = "Rain all week? Good.\n\nStill dry inside.\n\nWhich trail next?\n"
    assert [block.kind for block in text_blocks(untitled)] == ["post", "post", "post"]  # every paragraph is a caption
