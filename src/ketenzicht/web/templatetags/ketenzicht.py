from django import template

register = template.Library()


@register.filter
def get_count(counter, key):
    """A Counter's count for a key (0 when absent)."""
    return counter.get(key, 0)


@register.simple_tag(takes_context=True)
def record_url(context, norm_id, measure):
    """The prefilled recording form that meets this norm on this measure (issue 12); "" when
    it is not the user's to record."""
    from ketenzicht.web.recording import record_url_for_norm

    return record_url_for_norm(norm_id, measure, context["request"].user)
