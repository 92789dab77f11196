# mk/site.mk - the site's vendored search library (templates/vendor/README.md).
.PHONY: vendor
#   make vendor   npm ci the pinned package (tests/site/package*.json) into
#                 build/node-site and copy its files into templates/vendor/

SITE_NODE = $(BUILD)/node-site

vendor:
	rm -rf $(SITE_NODE) && mkdir -p $(SITE_NODE)
	cp tests/site/package.json tests/site/package-lock.json $(SITE_NODE)/
	cd $(SITE_NODE) && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	cp $(SITE_NODE)/node_modules/minisearch/dist/umd/index.js templates/vendor/minisearch.js
	cp $(SITE_NODE)/node_modules/minisearch/LICENSE.txt templates/vendor/minisearch.LICENSE.txt
	sha256sum templates/vendor/minisearch.js templates/vendor/minisearch.LICENSE.txt
	@echo "update the checksums in templates/vendor/README.md if they changed"
