"""Layouts: the published shape of a document (湖南, 上海, a user's folder), read from a layout folder."""
