from django import template

register = template.Library()


@register.inclusion_tag("drills/_panel.html", takes_context=True)
def drill_panel(context, number: str):
    from ..views import may_record, panel

    user = context["request"].user
    return {"panel": panel(number), "may_record": may_record(user, number)}
