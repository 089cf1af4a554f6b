"""Problems as editors see them, in one format wherever they appear: scripts/check.py, the site
build, and a pull request (annotations on the lines in "Files changed", a list in the job
summary).

    docs/resources/x.md:12: published: expected a date like 2020-03-15, got '15/03/2020'
      (see https://lumbung.example.org/guide/checks/#front-matter)
"""

from __future__ import annotations

from collections import defaultdict

from lumbung.content.messages import editor_language, message, text
from lumbung.errors import Problem


def where(problem: Problem) -> str:
    return f"{problem.path}:{problem.line}" if problem.line else problem.path


def line(problem: Problem, guide: str, lang: str | None = None) -> str:
    """One problem on one line: file:line: field: what is wrong and expected (see guide#code)."""
    speak = editor_language(lang, problem.path)
    field = f"{problem.field}: " if problem.field else ""
    see = message("see", speak, url=f"{guide}#{problem.code}")
    return f"{where(problem)}: {field}{text(problem, speak)} ({see})"


def fixed_line(done: Problem, lang: str | None = None) -> str:
    """A repair check.py made: file:line: fixed: what (check the change and commit it)."""
    speak = editor_language(lang, done.path)
    return f"{where(done)}: {message('fixed', speak, what=text(done, speak))}"


def ordered(problems: list[Problem] | tuple[Problem, ...]) -> list[Problem]:
    """Each problem once, by file, then line."""
    return sorted(set(problems), key=lambda p: (p.path, p.line, p.field, p.message))


def summary_line(count: int, repaired: int, lang: str | None = None) -> str:
    speak = editor_language(lang)
    if not count and not repaired:
        return message("passed", speak)
    return message("summary", speak, count=count, repaired=repaired)


def _escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def github_annotation(problem: Problem, guide: str, lang: str | None = None) -> str:
    """A GitHub Actions workflow command: an error shown on the problem's line of the diff."""
    speak = editor_language(lang, problem.path)
    title = f"{problem.field}" if problem.field else problem.code
    body = f"{text(problem, speak)} ({message('see', speak, url=f'{guide}#{problem.code}')})"
    props = f"file={_escape(problem.path, prop=True)}"
    if problem.line:
        props += f",line={problem.line}"
    props += f",title={_escape('Lumbung: ' + title, prop=True)}"
    return f"::error {props}::{_escape(body)}"


def github_summary(problems: list[Problem], fixed: dict[str, list[Problem]], guide: str,
                   lang: str | None = None) -> str:
    """The job summary (Markdown): every problem in plain words, file by file."""
    by_file: dict[str, list[str]] = defaultdict(list)
    for rel, done in fixed.items():
        by_file[rel] += [message("fixed", editor_language(lang, rel),
                                 what=text(what, editor_language(lang, rel))) for what in done]
    for problem in ordered(problems):
        at = f"line {problem.line}: " if problem.line else ""
        field = f"`{problem.field}`: " if problem.field else ""
        said = text(problem, editor_language(lang, problem.path))
        by_file[problem.path].append(f"{at}{field}{said} ([guide]({guide}#{problem.code}))")
    out = ["## Lumbung content checks", "",
           summary_line(len(problems), sum(map(len, fixed.values())), lang), ""]
    for rel in sorted(by_file):
        out.append(f"**{rel}**")
        out += [f"- {entry}" for entry in by_file[rel]]
        out.append("")
    return "\n".join(out)
