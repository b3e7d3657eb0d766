"""REST v1: conversations."""

from flask_smorest import Blueprint

blp = Blueprint("conversations", __name__, url_prefix="/api/v1/conversations", description="Conversations")
