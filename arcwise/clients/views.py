"""Client pages: list and search, add, view, edit, archive and restore."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from arcwise.accounts.http import MemberRequest, posted
from arcwise.accounts.tenancy import coaches_only
from arcwise.clients import services
from arcwise.clients.forms import ClientEditForm, ClientForm
from arcwise.clients.queries import client_list_for, get_client_for, notes_read_record
from arcwise.clients.sections import client_sections
from arcwise.errors import DomainError


@require_http_methods(["GET"])
@vary_on_headers("HX-Request")
@coaches_only
def client_list(request: MemberRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    archived = request.GET.get("show") == "archived"
    listing = client_list_for(request, search=search, archived=archived)
    context = {"listing": listing, "search": search, "archived": archived}
    # A history restore after a cache miss asks with HX-Request too, but wants the whole page.
    rows_only = request.htmx and not request.htmx.history_restore_request
    template = "clients/_client_rows.html" if rows_only else "clients/client_list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@coaches_only
def client_create(request: MemberRequest) -> HttpResponse:
    form = ClientForm(posted(request), initial={"time_zone": request.user.time_zone})
    if request.method == "POST" and form.is_valid():
        try:
            client = services.client_create(
                practice=request.practice, created_by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"{client.name} is added to your clients.")
            return redirect("clients:detail", client_id=client.public_id)
    return render(request, "clients/client_form.html", {"form": form})


@require_http_methods(["GET"])
@coaches_only
def client_detail(request: MemberRequest, client_id: UUID) -> HttpResponse:
    client = get_client_for(request, client_id)
    notes_read_record(request, client, page="client")
    context = {"client": client, "sections": client_sections(request, client)}
    return render(request, "clients/client_detail.html", context)


@require_http_methods(["GET", "POST"])
@coaches_only
def client_edit(request: MemberRequest, client_id: UUID) -> HttpResponse:
    client = get_client_for(request, client_id)
    initial = {
        "name": client.name,
        "email": client.email,
        "employer": client.employer,
        "time_zone": client.time_zone,
        "notes": client.notes,
        "version": client.version,
    }
    form = ClientEditForm(posted(request), initial=initial)
    saved_meanwhile = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.client_update(client=client, expected_version=data.pop("version"), **data)
        except services.StaleEdit as error:
            # Keep everything typed, show what was saved meanwhile, and let the next save
            # (made knowing both) go through.
            saved_meanwhile = get_client_for(request, client_id)
            form = ClientEditForm(
                {**request.POST.dict(), "version": saved_meanwhile.version}, initial=initial
            )
            form.is_valid()
            form.add_error(None, error.message)
        except DomainError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, f"{client.name}'s details are saved.")
            return redirect("clients:detail", client_id=client.public_id)
    notes_read_record(request, client, page="client edit")
    context = {"form": form, "client": client, "saved_meanwhile": saved_meanwhile}
    return render(request, "clients/client_form.html", context)


@require_POST
@coaches_only
def client_archive(request: MemberRequest, client_id: UUID) -> HttpResponse:
    client = get_client_for(request, client_id)
    services.client_archive(client=client)
    messages.success(request, f"{client.name} is archived. Nothing about them was deleted.")
    return redirect("clients:list")


@require_POST
@coaches_only
def client_restore(request: MemberRequest, client_id: UUID) -> HttpResponse:
    client = get_client_for(request, client_id)
    services.client_restore(client=client)
    messages.success(request, f"{client.name} is back in your client list.")
    return redirect("clients:detail", client_id=client.public_id)
