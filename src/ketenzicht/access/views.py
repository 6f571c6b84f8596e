"""Two-factor login and the privacy officer's screens."""

from __future__ import annotations

import base64
import io

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from ketenzicht import csvsafe
from ketenzicht.crypto import bsn_from_query, bsn_hash, youth_pseudonym
from ketenzicht.timeline.models import Youth

from . import audit, grants
from .decorators import require, require_screen
from .forms import AccessLogSearchForm, GrantDecisionForm, ReviewForm, TokenForm
from .models import AccessLogEntry, BreakGlass, GrantStatus, RoleGrant
from .policy import organisation
from .services import client_address, review_break_glass


def _qr_data_uri(url: str) -> str:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


@login_required
def two_factor(request):
    next_url = request.GET.get("next") or request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        next_url = "/"
    devices = TOTPDevice.objects.filter(user=request.user)
    device = devices.filter(confirmed=True).first()
    setup = device is None
    if setup:
        device = devices.filter(confirmed=False).first() or TOTPDevice.objects.create(
            user=request.user, name="Authenticator-app", confirmed=False
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            form.add_error(
                "token",
                "Te veel onjuiste codes na elkaar. Wacht enkele seconden en "
                "probeer het dan opnieuw met een nieuwe code.",
            )
        elif device.verify_token(form.cleaned_data["token"]):
            if setup:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            # A new session key at the change of privilege (as Django's login() does for the
            # password): a session id seen before the second factor is worth nothing after it.
            request.session.cycle_key()
            otp_login(request, device)
            return redirect(next_url)
        form.add_error("token", "Onjuiste of verlopen code. Probeer het opnieuw.")
    context = {"form": form, "setup": setup, "next": next_url}
    if setup:
        context["secret"] = base64.b32encode(device.bin_key).decode()
        context["qr"] = _qr_data_uri(device.config_url)
    return render(request, "access/two_factor.html", context)


def _log_entries(request, form):
    org = organisation(request.user)
    entries = AccessLogEntry.objects.filter(organisation=org.external_id if org else "")
    youth_q = form.cleaned_data.get("youth", "").strip()
    if youth_q:
        bsn = bsn_from_query(youth_q)
        youth = Youth.objects.filter(bsn_hash=bsn_hash(bsn)).first() if bsn else None
        entries = entries.filter(
            youth_pseudonym=youth_pseudonym(youth.external_id if youth else youth_q)
        )
    if form.cleaned_data.get("username"):
        entries = entries.filter(username=form.cleaned_data["username"].strip())
    if form.cleaned_data.get("date_from"):
        entries = entries.filter(at__date__gte=form.cleaned_data["date_from"])
    if form.cleaned_data.get("date_to"):
        entries = entries.filter(at__date__lte=form.cleaned_data["date_to"])
    return entries.order_by("-seq")


@require_screen("access:access_log")
def access_log(request):
    form = AccessLogSearchForm(request.GET or None)
    entries = None
    if request.GET and form.is_valid():
        entries = _log_entries(request, form)
        if request.GET.get("formaat") == "csv":
            return _csv(request, entries)
        entries = entries[:500]
    flagged = BreakGlass.objects.filter(reviewed_at__isnull=True).count()
    return render(
        request,
        "access/access_log.html",
        {"form": form, "entries": entries, "open_break_glass": flagged},
    )


def _csv(request, entries):
    out = io.StringIO()
    # Cells starting with =, +, -, @ are escaped: a break-the-glass reason is free text.
    writer = csvsafe.writer(out)
    writer.writerow(
        [
            "volgnummer",
            "tijdstip",
            "gebruiker",
            "rol",
            "organisatie",
            "jeugdige (pseudoniem)",
            "handeling",
            "wat",
            "vanaf",
            "reden",
            "gemarkeerd",
            "hash",
        ]
    )
    rows = list(entries)
    for e in rows:
        writer.writerow(
            [
                e.seq,
                e.at.isoformat(),
                e.username,
                e.role,
                e.organisation,
                e.youth_pseudonym,
                e.action,
                e.subject,
                e.client_address,
                e.reason,
                "ja" if e.flagged else "nee",
                e.hash,
            ]
        )
    org = organisation(request.user)
    audit.append(
        [
            audit.Access(
                username=request.user.get_username(),
                user_id=request.user.pk,
                role="Privacy officer",
                organisation=org.external_id if org else "",
                youth_external_id="",
                pseudonym="-",
                action="export",
                subject=f"toegangslog ({len(rows)} regels)",
                client_address=client_address(request),
            )
        ]
    )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="toegangslog.csv"'
    return response


@require_screen("access:break_glass_list")
def break_glass_list(request):
    org = organisation(request.user)
    items = (
        BreakGlass.objects.filter(youth__measures__gi=org)
        .distinct()
        .select_related("user", "youth", "reviewed_by")
        .order_by("reviewed_at", "-granted_at")
    )
    return render(request, "access/break_glass_list.html", {"items": items, "form": ReviewForm()})


@require("auditlog.view")
def break_glass_review(request, pk: int):
    org = organisation(request.user)
    glass = get_object_or_404(BreakGlass.objects.filter(youth__measures__gi=org).distinct(), pk=pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        review_break_glass(glass, request.user, form.cleaned_data["note"])
        return redirect("access:break_glass_list")
    return render(
        request,
        "access/break_glass_list.html",
        {"items": [glass], "form": form, "reviewing": glass},
    )


# --------------------------------------------------------------------------- four eyes on grants
STATUS_ORDER = {GrantStatus.PENDING: 0, GrantStatus.APPROVED: 1, GrantStatus.REJECTED: 2}


def _is_pending(g) -> bool:
    return g.needs_approval and g.status == GrantStatus.PENDING


@require_screen("access:grant_list")
def grant_list(request):
    """Every role grant of the reviewer's organisation (and inspecteur grants on it), whatever
    its status, with who requested and who decided; the pending ones first."""
    items = sorted(
        grants.reviewable(request.user),
        key=lambda g: (
            not _is_pending(g),
            STATUS_ORDER.get(g.status, 3),
            -(g.created_at.timestamp() if g.created_at else 0),
            g.pk,
        ),
    )
    rows = []
    for g in items:
        refusal = grants.refusal(request.user, g) if _is_pending(g) else ""
        form = GrantDecisionForm(prefix=f"rol{g.pk}") if _is_pending(g) and not refusal else None
        rows.append({"grant": g, "pending": _is_pending(g), "refusal": refusal, "form": form})
    pending = sum(1 for r in rows if r["pending"])
    return render(request, "access/grant_list.html", {"rows": rows, "pending": pending})


@require("grants.review")
@require_POST
def grant_decide(request, pk: int):
    form = GrantDecisionForm(request.POST, prefix=f"rol{pk}")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("access:grant_list")
    try:
        grant = grants.decide(
            pk,
            request.user,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
            client_address=client_address(request),
        )
    except RoleGrant.DoesNotExist:
        raise Http404("Deze rol bestaat niet of valt buiten uw organisatie.") from None
    verb = "goedgekeurd" if grant.status == GrantStatus.APPROVED else "afgewezen"
    messages.success(request, f"De rol {grant} is {verb}.")
    return redirect("access:grant_list")
