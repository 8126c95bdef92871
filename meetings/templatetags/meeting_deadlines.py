"""Whether a meeting takes contributions, asked by the templates at each render
(meetings/deadlines.py): the same answer on the meeting page, the list and the home page."""

from django import template

from .. import deadlines

register = template.Library()

register.filter("accepts_contributions", deadlines.accepts_contributions)
register.filter("deadline_passed", deadlines.deadline_passed)
