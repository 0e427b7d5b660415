# `sam build -t deploy/lambda/template.yaml` runs this target (BuildMethod: makefile): the function's folder gets
# decode-bot and its dependencies from requirements.txt, and nothing else (no tests, benches or docs).
build-DecodeBotFunction:
	python3 -m pip install --quiet --no-cache-dir --disable-pip-version-check --target "$(ARTIFACTS_DIR)" -r requirements.txt
	rm -rf "$(ARTIFACTS_DIR)/bin"
