"""The weekly newsletter: fetch, parse, clean, select, freeze, render, archive, send.

Each stage is a small module; frozen dataclasses from :mod:`lumbung.newsletter.model` pass between
them. Only ``fetch`` and ``send`` touch the network. Every error raised on purpose is a
:class:`~lumbung.newsletter.model.NewsletterError`.
"""
