from django import template

register = template.Library()


@register.filter
def get_count(counter, key):
    """A Counter's count for a key (0 when absent)."""
    return counter.get(key, 0)


@register.simple_tag
def record_url(norm_id, measure):
    """The prefilled recording form that meets this norm on this measure (issue 12)."""
    from ketenzicht.web.recording import record_url_for_norm

    return record_url_for_norm(norm_id, measure)
