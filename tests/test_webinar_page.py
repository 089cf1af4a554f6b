"""A webinar's recording loads nothing from another site until the reader clicks."""

from __future__ import annotations

import pytest

from bench.webserver import CompressingServer
from tests.conftest import run_build

pytestmark = [pytest.mark.build, pytest.mark.browser]

WEBINAR = """---
title: Test webinar with a recording
summary: A webinar used by the tests, with a recording hosted on another site.
date: 2021-06-01
duration: 75
speakers:
  - name: Test Speaker
    organisation: Test Organisation
recording:
  url: https://www.youtube.com/watch?v=dQw4w9WgXcQ
  download_url: https://example.org/webinar.mp4
  audio_url: https://example.org/webinar.mp3
  captions: [en, km]
  transcript: https://example.org/transcript.txt
topics: [covid-19]
countries: [KH]
---
What was discussed.
"""


def test_recording_is_click_to_load(site_copy, browser) -> None:
    (site_copy / "docs" / "webinars" / "test-recording.md").write_text(WEBINAR, encoding="utf-8")
    build = run_build(site_copy)
    assert build.ok, build.output
    html = build.html("km/webinars/test-recording/index.html")
    assert "<iframe" not in html
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in html  # only as data, not a request

    with CompressingServer(build.site) as server:
        context = browser.new_context()
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.route("**/*", lambda route: route.continue_()
                   if route.request.url.startswith(server.origin) else route.abort())
        page.goto(server.url("km/webinars/test-recording/"))
        page.wait_for_load_state("networkidle")
        foreign = [u for u in requests if not u.startswith(server.origin)]
        assert foreign == [], foreign
        assert page.locator(".lb-video iframe").count() == 0

        button = page.locator(".lb-video button")
        button.focus()
        page.keyboard.press("Enter")  # keyboard alone is enough
        page.wait_for_selector(".lb-video iframe")
        foreign = [u for u in requests if not u.startswith(server.origin)]
        assert any("youtube-nocookie.com/embed/dQw4w9WgXcQ" in u for u in foreign), requests
        context.close()
