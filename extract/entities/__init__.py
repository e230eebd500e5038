"""Entities of a document: countries (`countries`), organisations (`organisations`) and
people (`people`), gathered with their mentions by `document.find_entities`."""

from extract.entities.document import find_entities

__all__ = ["find_entities"]
