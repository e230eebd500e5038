"""Entities of a document: countries (`countries`), organisations (`organisations`) and
people (`people`), gathered with their mentions by `document.find_entities`; `clusters`
gathers each person's and body's names, titles and roles for the stages after it."""

from extract.entities.clusters import Cluster, cluster_at, clusters
from extract.entities.document import find_entities

__all__ = ["Cluster", "cluster_at", "clusters", "find_entities"]
