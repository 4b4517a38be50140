"""ECharts options for the funding pages, built from selector rows. Money is charted in 亿元;
every chart is also shown as a table by its template."""

from decimal import Decimal

from django.utils.translation import gettext as _

TEN_THOUSAND = Decimal("10000")
PALETTE = ["#8b1a1a", "#c0392b", "#d4a017", "#2e8b57", "#2c6fbb", "#7f8c8d"]


def _yi(amount) -> float:
    return float((Decimal(amount or 0) / TEN_THOUSAND).quantize(Decimal("0.01")))


def _rate(value) -> float | None:
    return None if value is None else float(Decimal(value).quantize(Decimal("0.1")))


def _base(**extra) -> dict:
    option = {
        "color": PALETTE,
        "tooltip": {"trigger": "axis"},
        "grid": {"left": 56, "right": 24, "top": 40, "bottom": 64, "containLabel": True},
        "animation": False,
    }
    option.update(extra)
    return option


def secured_chart(rows, year: int) -> dict:
    labels = [str(r["label"]) for r in rows if r["amount"] or r["previous"]]
    current = [_yi(r["amount"]) for r in rows if r["amount"] or r["previous"]]
    previous = [_yi(r["previous"]) for r in rows if r["amount"] or r["previous"]]
    return _base(
        legend={"data": [str(year), str(year - 1)]},
        xAxis={"type": "category", "data": labels, "axisLabel": {"interval": 0, "rotate": 30}},
        yAxis={"type": "value", "name": _("100m yuan")},
        series=[
            {"name": str(year), "type": "bar", "data": current, "label": {"show": True, "position": "top"}},
            {"name": str(year - 1), "type": "bar", "data": previous},
        ],
    )


def rate_chart(rows) -> dict:
    labels = [str(r["label"]) for r in rows]
    return _base(
        legend={"data": [_("Allocated"), _("Paid"), _("Payment rate (%)")]},
        xAxis={"type": "category", "data": labels, "axisLabel": {"interval": 0, "rotate": 30}},
        yAxis=[
            {"type": "value", "name": _("100m yuan")},
            {"type": "value", "name": "%", "max": 100, "min": 0},
        ],
        series=[
            {"name": _("Allocated"), "type": "bar", "data": [_yi(r["allocated"]) for r in rows]},
            {"name": _("Paid"), "type": "bar", "data": [_yi(r["paid"]) for r in rows]},
            {
                "name": _("Payment rate (%)"),
                "type": "line",
                "yAxisIndex": 1,
                "data": [_rate(r["payment_rate"]) for r in rows],
                "markLine": {"silent": True, "data": [{"yAxis": 90}], "lineStyle": {"color": "#c0392b"}},
            },
        ],
    )


def monthly_chart(rows) -> dict:
    return _base(
        legend={"data": [_("Received"), _("Paid")]},
        xAxis={"type": "category", "data": [r["month"] for r in rows]},
        yAxis={"type": "value", "name": _("100m yuan")},
        series=[
            {"name": _("Received"), "type": "bar", "data": [_yi(r["received"]) for r in rows]},
            {"name": _("Paid"), "type": "line", "data": [_yi(r["paid"]) for r in rows]},
        ],
    )


def events_chart(rows) -> dict:
    return _base(
        xAxis={"type": "category", "data": [r["name"] or _("No event") for r in rows], "axisLabel": {"rotate": 30}},
        yAxis={"type": "value", "name": _("100m yuan")},
        series=[{"name": _("Credit granted"), "type": "bar", "data": [_yi(r["amount"]) for r in rows]}],
    )


def gauge_chart(rate) -> dict:
    """A payment-rate gauge coloured like the lights: red below 60%, yellow below 90%, green."""
    value = _rate(rate) if rate is not None else 0
    color = "#c0392b" if value < 60 else ("#d4a017" if value < 90 else "#2e8b57")
    return {
        "animation": False,
        "series": [
            {
                "type": "gauge",
                "min": 0,
                "max": 100,
                "startAngle": 210,
                "endAngle": -30,
                "progress": {"show": True, "width": 16, "itemStyle": {"color": color}},
                "axisLine": {"lineStyle": {"width": 16, "color": [[1, "#e9ecef"]]}},
                "pointer": {"show": False},
                "axisTick": {"show": False},
                "splitLine": {"show": False},
                "axisLabel": {"show": False},
                "anchor": {"show": False},
                "detail": {
                    "valueAnimation": False,
                    "formatter": "{value}%",
                    "fontSize": 26,
                    "fontWeight": "bold",
                    "color": color,
                    "offsetCenter": [0, "0%"],
                },
                "title": {"offsetCenter": [0, "35%"], "fontSize": 13, "color": "#6c757d"},
                "data": [{"value": value, "name": _("Payment rate")}],
            }
        ],
    }
