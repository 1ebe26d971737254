"""hoanhap — information system for disability-support programmes of Vietnamese provinces and communes."""
