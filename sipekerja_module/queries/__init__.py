"""Read side: get_/list_ functions returning models or plain dataclasses for views and reports."""
