"""The library's one error type: a Chinese message a user can act on."""

from __future__ import annotations

__all__ = ["AppraisalError"]


class AppraisalError(Exception):
    """Raised when input or a scheme cannot be used at all.

    The message is complete Chinese text meant for the user: which file,
    what is wrong and what to do.  Row-level problems never raise; they
    become rejected rows instead.

    >>> str(AppraisalError("文件为空"))
    '文件为空'
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
