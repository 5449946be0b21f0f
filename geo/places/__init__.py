"""Where: communes, districts and codes per boundary version, their boundaries, the crosswalk
between versions and the matching of Vietnamese names to commune codes."""
