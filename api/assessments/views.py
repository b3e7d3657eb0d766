"""REST v1: assessments."""

from flask_smorest import Blueprint

blp = Blueprint("assessments", __name__, url_prefix="/api/v1/assessments", description="Assessments")
