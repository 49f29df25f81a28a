"""The test world of `geodata fetch`: a local HTTP server, outlets' feeds and pages in the shapes
real outlets use, a resolver that sends every ``*.test`` host to 127.0.0.1, and a guard that
fails a test which tries to reach any address outside this machine.

The Arabic reports below were written for these tests; they describe no real event.
"""

from __future__ import annotations

import datetime as dt
import html
import ipaddress
import socket
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import httpcore
import pytest
from pytest_httpserver import HTTPServer

from geodata.ingest.client import HttpClient
from geodata.ingest.config import FetchSettings, Outlet, parse_networks

LOOPBACK = parse_networks(["127.0.0.0/8"])

REPORTS = {
    "drone": (
        "مسيرة تستهدف سيارة قرب الميادين",
        [
            "استهدفت طائرة مسيرة مجهولة سيارة مدنية على الطريق الواصل بين مدينة الميادين وبلدة محكان في ريف دير الزور الشرقي مساء أمس.",
            "وقال شهود من المنطقة إن السيارة احترقت بالكامل وإن اثنين من ركابها أصيبا بجروح نقلا على إثرها إلى مشفى المدينة.",
            "ولم تعلن أي جهة مسؤوليتها عن الاستهداف حتى ساعة إعداد هذا الخبر، فيما انتشرت دوريات على مداخل البلدة.",
        ],
    ),
    "shelling": (
        "قصف مدفعي على أطراف بلدة الطيانة",
        [
            "تعرضت أطراف بلدة الطيانة في ريف دير الزور الشرقي لقصف مدفعي صباح اليوم مصدره الضفة الغربية لنهر الفرات.",
            "وأفاد مراسلنا بأن عدة قذائف سقطت في أراض زراعية قريبة من المنازل دون أن تسجل إصابات بين السكان.",
            "ويأتي القصف بعد أيام من توتر شهدته المنطقة إثر اشتباكات متقطعة على ضفتي النهر.",
        ],
    ),
    "raid": (
        "حملة دهم واعتقالات في بلدة الشحيل",
        [
            "نفذت قوة عسكرية حملة دهم واسعة في بلدة الشحيل بريف دير الزور الشرقي فجر اليوم بحثا عن مطلوبين.",
            "وذكرت مصادر محلية أن الحملة أسفرت عن اعتقال خمسة شبان من أبناء البلدة واقتيادهم إلى جهة مجهولة.",
            "وأغلقت القوة مداخل البلدة عدة ساعات ومنعت الأهالي من الخروج إلى أراضيهم خلال عملية التفتيش.",
        ],
    ),
    "ied": (
        "انفجار عبوة ناسفة على طريق البصيرة",
        [
            "انفجرت عبوة ناسفة مزروعة على جانب الطريق العام قرب بلدة البصيرة في ريف دير الزور ظهر اليوم أثناء مرور دورية.",
            "وأسفر الانفجار عن مقتل عنصر وإصابة اثنين آخرين بجروح متفاوتة بحسب ما نقل ناشطون من المنطقة.",
            "وطوقت قوات الأمن مكان الانفجار وبدأت بتمشيط المزارع المحيطة بحثا عن عبوات أخرى.",
        ],
    ),
    "clash": (
        "اشتباكات بين مجموعتين مسلحتين في ذيبان",
        [
            "اندلعت اشتباكات بالأسلحة الخفيفة والمتوسطة بين مجموعتين مسلحتين في بلدة ذيبان شرقي دير الزور مساء اليوم.",
            "وقال أحد سكان البلدة إن الاشتباكات استمرت قرابة ساعة وتسببت بحالة من الذعر بين الأطفال والنساء.",
            "وتدخل وجهاء من العشائر لوقف إطلاق النار، فيما لم ترد معلومات مؤكدة عن خسائر بشرية.",
        ],
    ),
    "rockets": (
        "سقوط صواريخ قرب حقل العمر النفطي",
        [
            "سقطت ثلاثة صواريخ في محيط حقل العمر النفطي بريف دير الزور الشرقي ليلة أمس دون أن تسفر عن إصابات.",
            "وأوضحت مصادر عسكرية أن الصواريخ أطلقت من منطقة تقع غرب نهر الفرات وأن الدفاعات رصدت مسارها.",
            "وحلقت طائرات في أجواء المنطقة بعد الهجوم بوقت قصير وسط استنفار في القواعد القريبة.",
        ],
    ),
}

ENGLISH = (
    "Weekly market prices",
    [
        "Prices of bread, fuel and vegetables in the markets of the eastern countryside rose again this week, traders said.",
        "Several shop owners told our correspondent that the exchange rate kept moving and that customers bought less than before.",
        "The local council promised a new price list for basic goods by the end of the month.",
    ],
)

def report_text(key: str) -> str:
    return "\n".join(REPORTS[key][1])

# -- pages and feeds in the shapes outlets use

def article_page(title: str, paragraphs: Sequence[str], *, lang: str = "ar", canonical: str | None = None,
                 og_url: str | None = None, published: str | None = None, charset: str = "utf-8") -> str:
    """An article page with navigation, share buttons, a related-articles list, a script and a footer."""
    head = [f'<meta charset="{charset}">', f"<title>{html.escape(title)} | موقع الخبر</title>"]
    if canonical:
        head.append(f'<link rel="canonical" href="{html.escape(canonical)}">')
    if og_url:
        head.append(f'<meta property="og:url" content="{html.escape(og_url)}">')
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    body = "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)
    return f"""<!doctype html><html lang="{lang}" dir="rtl"><head>{''.join(head)}
<script>document.title = "SCRIPT-RAN"; fetch("/tracker?ran=1");</script></head><body>
<header><nav class="menu"><a href="/">الرئيسية</a><a href="/news">أخبار</a><a href="/reports">تقارير</a><a href="/video">فيديو</a><a href="/about">من نحن</a></nav></header>
<main><article class="post"><h1 class="entry-title">{html.escape(title)}</h1><div class="meta">قسم الأخبار</div>
<div class="entry-content">{body}</div>
<div class="share-buttons"><span>شارك الخبر:</span><a href="#">فيسبوك</a><a href="#">تويتر</a><a href="#">واتساب</a><a href="#">تلغرام</a></div>
</article>
<aside class="related"><h3>أخبار ذات صلة</h3><ul><li><a href="/r1">افتتاح سوق شعبي جديد في حي الجورة</a></li><li><a href="/r2">ارتفاع منسوب مياه نهر الفرات</a></li><li><a href="/r3">مباراة ودية لفريق المدينة</a></li></ul></aside></main>
<footer><p>جميع الحقوق محفوظة للموقع 2026</p><a href="/privacy">سياسة الخصوصية</a></footer>
<script>window.SCRIPT_RAN = true;</script></body></html>"""

@dataclass(frozen=True)
class Item:
    title: str
    link: str
    published: str | None = None  # RFC 822 for RSS, ISO 8601 for Atom
    description: str = ""  # HTML
    content: str | None = None  # content:encoded (RSS) or content (Atom)

def rss(items: Sequence[Item], *, title: str = "موقع الخبر", encoding: str = "utf-8") -> str:
    rows = []
    for item in items:
        parts = [f"<title>{html.escape(item.title)}</title>", f"<link>{html.escape(item.link)}</link>",
                 f"<guid isPermaLink=\"false\">{html.escape(item.link)}</guid>",
                 f"<description><![CDATA[{item.description}]]></description>"]
        if item.published:
            parts.append(f"<pubDate>{item.published}</pubDate>")
        if item.content is not None:
            parts.append(f"<content:encoded><![CDATA[{item.content}]]></content:encoded>")
        rows.append(f"<item>{''.join(parts)}</item>")
    return (f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
            f"<channel><title>{html.escape(title)}</title><link>http://example.test/</link><description>أخبار</description>"
            f"<language>ar</language>{''.join(rows)}</channel></rss>")

def atom(items: Sequence[Item], *, title: str = "موقع الخبر") -> str:
    rows = []
    for item in items:
        content = f'<content type="html">{html.escape(item.content)}</content>' if item.content is not None else ""
        rows.append(f'<entry><title>{html.escape(item.title)}</title><link rel="alternate" href="{html.escape(item.link)}"/>'
                    f"<id>{html.escape(item.link)}</id><updated>{item.published or ''}</updated>"
                    f'<summary type="html">{html.escape(item.description)}</summary>{content}</entry>')
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>{html.escape(title)}</title>'
            f"<id>urn:test:feed</id><updated>2026-01-01T00:00:00Z</updated>{''.join(rows)}</feed>")

def rfc822(moment: dt.datetime) -> str:
    return moment.strftime("%a, %d %b %Y %H:%M:%S ") + (moment.strftime("%z") or "GMT")

def recent(hours: float) -> dt.datetime:
    """A moment ``hours`` before now, in UTC (feeds in tests stay within max_age_days)."""
    return (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=hours)).replace(microsecond=0)

# -- the network of the tests

def fake_resolver(host: str, port: int) -> list[str]:
    """``*.test`` and localhost to 127.0.0.1 (``internal.test`` to 127.0.0.2, ``v6.test`` to ::1);
    literal addresses as themselves; any other name is an error (no DNS query leaves the test)."""
    special = {"internal.test": ["127.0.0.2"], "v6.test": ["::1"], "mixed.test": ["127.0.0.1", "10.0.0.7"]}
    if host in special:
        return special[host]
    if host.endswith(".test") or host == "localhost":
        return ["127.0.0.1"]
    try:
        return [str(ipaddress.ip_address(host.strip("[]")))]
    except ValueError:
        raise httpcore.ConnectError(f"the tests resolve no real names: {host!r}") from None

def world_settings(**changes: object) -> FetchSettings:
    base = dict(
        requests_per_second=500.0, burst=20, connect_timeout=2.0, read_timeout=2.0, response_deadline=3.0,
        max_feed_bytes=2_000_000, max_page_bytes=1_000_000, retries=2, backoff=0.01, backoff_max=0.05,
        allow_addresses=LOOPBACK, min_text_chars=150, max_entries_per_feed=50, max_pages_per_round=100, round_deadline=120.0,
    )
    base.update(changes)
    return FetchSettings(**base)  # type: ignore[arg-type]

def make_client(settings: FetchSettings | None = None, **changes: object) -> HttpClient:
    return HttpClient(settings or world_settings(**changes), resolver=fake_resolver)

def outlet(name: str, feeds: Sequence[str], **changes: object) -> Outlet:
    from geodata.corpus.articles import slugify

    values: dict[str, object] = dict(name=name, slug=slugify(name), feeds=tuple(feeds), timezone="Asia/Damascus")
    values.update(changes)
    return Outlet(**values)  # type: ignore[arg-type]

@pytest.fixture(scope="module")
def local_server() -> Iterator[HTTPServer]:
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()

@pytest.fixture
def server(local_server: HTTPServer) -> Iterator[HTTPServer]:
    """The module's server, emptied: unknown paths (robots.txt among them) answer 404."""
    local_server.clear()
    local_server.no_handler_status_code = 404
    yield local_server
    local_server.clear()

@pytest.fixture
def no_internet(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Fail any connection or name lookup that would leave this machine; the list holds the attempts."""
    attempts: list[str] = []
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(self: socket.socket, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
            host = str(address[0])
            if not ipaddress.ip_address(host.split("%")[0]).is_loopback:
                attempts.append(host)
                raise OSError(f"a test tried to reach {host}: nothing may leave this machine")
        real_connect(self, address)  # type: ignore[arg-type]

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> list:  # type: ignore[type-arg]
        name = host.decode() if isinstance(host, bytes) else str(host)
        if name not in ("localhost", "127.0.0.1", "::1", "") and not name.startswith("127."):
            attempts.append(name)
            raise socket.gaierror(f"a test tried to resolve {name!r}: nothing may leave this machine")
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    yield attempts

def url_of(server: HTTPServer, path: str, host: str = "outlet.test") -> str:
    return f"http://{host}:{server.port}{path}"
