"""Setting up an account through its one-time link: a password, then the authenticator
app (a QR code, or the secret typed in), then the ten recovery codes, shown once."""

from __future__ import annotations

import segno
from flask import redirect, render_template, request, url_for

from pathway_bot.console.blueprint import bp
from pathway_bot.console.forms import Form
from pathway_bot.extensions import db_session, runtime
from pathway_bot.staff.accounts import PASSWORD_MAX, PASSWORD_MIN

SEE_OTHER = 303


@bp.route("/set-up/<token>", methods=["GET", "POST"])
def set_up_password(token: str):
    staff = runtime().staff
    account = staff.for_set_up(db_session(), token)  # an unusable link is a 404 page
    form = Form(request.form if request.method == "POST" else {})
    if request.method == "GET":
        return render_template("console/set_up_password.html", form=form, account=account)
    password = form.required("password", "console.error.password_missing", strip=False,
                             max_length=PASSWORD_MAX)
    confirm = form.text("confirm", strip=False, max_length=PASSWORD_MAX)
    if password and len(password) < PASSWORD_MIN:
        form.error("password", "console.error.password_short")
    if "password" not in form.errors and confirm != password:
        form.error("confirm", "console.error.password_mismatch")
    if form.errors:
        return render_template("console/set_up_password.html", form=form,
                               account=account), 422
    staff.set_password(db_session(), token, password)
    return redirect(url_for("console.set_up_app", token=token), SEE_OTHER)


@bp.route("/set-up/<token>/app", methods=["GET", "POST"])
def set_up_app(token: str):
    staff = runtime().staff
    enrolment = staff.enrolment(db_session(), token)
    form = Form(request.form if request.method == "POST" else {})
    status = 200
    if request.method == "POST":
        code = form.required("code", "console.error.code_missing")
        if not form.errors:
            codes = staff.confirm_enrolment(db_session(), token, code)
            if codes is not None:
                return render_template("console/recovery_codes.html", codes=codes)
            form.error("code", "console.error.code_wrong")
        status = 422
    return render_template("console/set_up_app.html", form=form, enrolment=enrolment,
                           qr=_qr_svg(enrolment.uri)), status


def _qr_svg(uri: str) -> str:
    """The QR code as inline SVG markup (segno: pure Python, no image library)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, dark="#0b0c0c", light="#ffffff")
    # The picture is described by the element around it (role="img" and its label).
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
