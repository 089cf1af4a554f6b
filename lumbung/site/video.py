"""Recordings hosted elsewhere: which embed address to load, only after the reader clicks."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


@dataclass(frozen=True)
class Video:
    host: str  # shown to the reader: the other website the video comes from
    embed: str  # an embeddable player address, or '' when the host has none we know


def video_for(url: str) -> Video:
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    embed = ""
    if host in ("youtube.com", "youtu.be", "youtube-nocookie.com"):
        if host == "youtu.be":
            video_id = parts.path.strip("/")
        elif parts.path.startswith(("/embed/", "/shorts/", "/live/")):
            video_id = parts.path.split("/")[2]
        else:
            video_id = (parse_qs(parts.query).get("v") or [""])[0]
        if YOUTUBE_ID.match(video_id):
            embed = f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host == "vimeo.com" and parts.path.strip("/").isdigit():
        embed = f"https://player.vimeo.com/video/{parts.path.strip('/')}?dnt=1"
    return Video(host=host, embed=embed)
