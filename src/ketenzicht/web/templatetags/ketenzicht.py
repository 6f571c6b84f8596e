from django import template

register = template.Library()


@register.filter
def get_count(counter, key):
    """A Counter's count for a key (0 when absent)."""
    return counter.get(key, 0)
