"""The one exception the library raises."""

from __future__ import annotations


class EpisodeParseError(ValueError):
    """A document or JSON value that does not fit, with where and what was expected.

    Raised by ``parse(..., strict=True)`` at the first error-level diagnostic,
    and by ``Episode.from_json`` when the JSON breaks the contract.  Every
    argument is passed to ``ValueError.__init__`` so the error pickles.
    """

    def __init__(
        self,
        message: str,
        code: str = "",
        line: int | None = None,
        column: int | None = None,
        excerpt: str = "",
        path: str | None = None,
    ) -> None:
        super().__init__(message, code, line, column, excerpt, path)
        self.message = message
        """What was found and what was expected."""
        self.code = code
        """Diagnostic code (``TS001`` ...) or ``JSON`` for contract errors."""
        self.line = line
        """1-based line of the problem in the document, when it has one."""
        self.column = column
        """1-based column of the problem in the document, when it has one."""
        self.excerpt = excerpt
        """A short, escaped excerpt of the offending text."""
        self.path = path
        """JSON path such as ``$.turns[3].start`` for JSON-side errors."""

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}: "
        elif self.line is not None:
            where = f"line {self.line}, column {self.column}: "
        code = f"{self.code} " if self.code else ""
        excerpt = f" (near {self.excerpt!r})" if self.excerpt else ""
        return f"{where}{code}{self.message}{excerpt}"
