module github.com/clazarevents/sdk-go/webhook/lambdawebhook

go 1.26

require github.com/clazarevents/sdk-go v0.0.0

require (
	github.com/aws/aws-lambda-go v1.55.1
	github.com/gabriel-vasile/mimetype v1.4.12 // indirect
	github.com/go-playground/locales v0.14.1 // indirect
	github.com/go-playground/universal-translator v0.18.1 // indirect
	github.com/go-playground/validator/v10 v10.30.1 // indirect
	github.com/leodido/go-urn v1.4.0 // indirect
	golang.org/x/crypto v0.46.0 // indirect
	golang.org/x/sys v0.39.0 // indirect
	golang.org/x/text v0.32.0 // indirect
)

replace github.com/clazarevents/sdk-go => ../..
