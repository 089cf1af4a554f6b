"""The SMTP server for tests is the benchmarks' sink, run in this process and keeping every
message (``server.handler`` holds the messages, the counts and the fault settings)."""

from bench.smtpsink import Sink, SmtpServer

__all__ = ["Sink", "SmtpServer"]
