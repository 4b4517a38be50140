from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def sort_th(label, key, current, query, css=""):
    """A sortable column header: clicking toggles ascending/descending on `key`."""
    descending = current == key
    next_key = f"-{key}" if current == key else key
    arrow = "▲" if current == key else ("▼" if current == f"-{key}" else "")
    aria = "ascending" if descending else ("descending" if current == f"-{key}" else "none")
    separator = "&" if query else ""
    return format_html(
        '<th scope="col" class="{}" aria-sort="{}"><a class="sort" href="?{}{}sort={}">{} {}</a></th>',
        css,
        aria,
        query,
        separator,
        next_key,
        label,
        arrow,
    )


@register.filter
def rate_class(rate, threshold=90):
    if rate is None:
        return ""
    return "text-ahead" if rate >= threshold else "text-behind"
