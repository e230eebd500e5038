"""People: named persons of a document under the fullest name it gives (`registry`)."""
