from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key], or the key itself when absent."""
    try:
        return mapping.get(key, key)
    except AttributeError:
        return key
