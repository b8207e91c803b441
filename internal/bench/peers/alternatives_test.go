package peers_test

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"testing"

	goccyjson "github.com/goccy/go-json"

	"github.com/clazarevents/sdk-go/aws"
	"github.com/clazarevents/sdk-go/event"
	"github.com/clazarevents/sdk-go/internal/jsonscan"
)

// The alternatives to the SDK's reflection-driven decoder that the README's
// design decisions weigh, measured on the contract body against the SDK and
// encoding/json:
//
//   - generated: what a code generator would write for aws.ContractModified,
//     a decoder and the checks of its validate tags with no reflection,
//     after event.Parse has checked the body. It is written here by hand,
//     as a generator would emit it, for this one type.
//   - goccy+compiled: goccy/go-json, a decoder built on unsafe, into the
//     same structs, with the SDK's own compiled validation (event.Validate)
//     in place of validator/v10, so that only the decoder differs.

// decodeGenerated is Parse, then the generated decoder and checks.
func decodeGenerated(body []byte) (*aws.ContractModified, error) {
	e, err := event.Parse(body)
	if err != nil {
		return nil, err
	}
	if e.Topic != (aws.ContractModified{}).Topic() {
		return nil, fmt.Errorf("topic %s", e.Topic)
	}
	m := new(aws.ContractModified)
	if err := genContractModified(e.Metadata, m); err != nil {
		return nil, err
	}
	if err := genCheckContractModified(m); err != nil {
		return nil, err
	}
	return m, nil
}

// errGenKind reports a value of the wrong JSON kind.
var errGenKind = errors.New("generated: wrong JSON kind")

// genContractModified decodes the checked JSON object data into m: exact
// keys first, then a case-insensitive match, as encoding/json matches.
func genContractModified(data []byte, m *aws.ContractModified) error {
	var err error
	ok := jsonscan.Members(data, func(key, value []byte) {
		if err != nil {
			return
		}
		switch k := key[1 : len(key)-1]; {
		case string(k) == "product_code" || bytes.EqualFold(k, []byte("product_code")):
			err = genString(value, &m.ProductCode)
		case string(k) == "customer_identifier" || bytes.EqualFold(k, []byte("customer_identifier")):
			err = genString(value, &m.CustomerIdentifier)
		case string(k) == "old_entitlements" || bytes.EqualFold(k, []byte("old_entitlements")):
			err = genEntitlements(value, &m.OldEntitlements)
		case string(k) == "new_entitlements" || bytes.EqualFold(k, []byte("new_entitlements")):
			err = genEntitlements(value, &m.NewEntitlements)
		}
	})
	if !ok {
		return errGenKind
	}
	return err
}

func genString(value []byte, dst *string) error {
	switch jsonscan.KindOf(value) {
	case jsonscan.Null:
		return nil
	case jsonscan.String:
		*dst = jsonscan.Str(value)
		return nil
	}
	return errGenKind
}

func genEntitlements(value []byte, dst *[]aws.Entitlement) error {
	if jsonscan.KindOf(value) == jsonscan.Null {
		*dst = nil
		return nil
	}
	list := make([]aws.Entitlement, 0, 4)
	var err error
	ok := jsonscan.Elements(value, func(elem []byte) {
		if err != nil {
			return
		}
		list = append(list, aws.Entitlement{})
		err = genEntitlement(elem, &list[len(list)-1])
	})
	if !ok {
		return errGenKind
	}
	*dst = list
	return err
}

func genEntitlement(data []byte, en *aws.Entitlement) error {
	var err error
	ok := jsonscan.Members(data, func(key, value []byte) {
		if err != nil {
			return
		}
		switch k := key[1 : len(key)-1]; {
		case string(k) == "Dimension" || bytes.EqualFold(k, []byte("Dimension")):
			err = genString(value, &en.Dimension)
		case string(k) == "Value" || bytes.EqualFold(k, []byte("Value")):
			err = en.Value.UnmarshalJSON(value)
		case string(k) == "ExpirationDate" || bytes.EqualFold(k, []byte("ExpirationDate")):
			err = en.ExpirationDate.UnmarshalJSON(value)
		}
	})
	if !ok {
		return errGenKind
	}
	return err
}

// genCheckContractModified runs the rules of aws.ContractModified's
// validate tags: required on the product code and the customer, and
// exactly_one on the value of every entitlement.
func genCheckContractModified(m *aws.ContractModified) error {
	var fields []*event.FieldError
	if m.ProductCode == "" {
		fields = append(fields, &event.FieldError{Path: "metadata.product_code", Rule: "required"})
	}
	if m.CustomerIdentifier == "" {
		fields = append(fields, &event.FieldError{Path: "metadata.customer_identifier", Rule: "required"})
	}
	for name, list := range map[string][]aws.Entitlement{"old_entitlements": m.OldEntitlements, "new_entitlements": m.NewEntitlements} {
		for i := range list {
			if list[i].Value.Kind() == "" {
				fields = append(fields, &event.FieldError{Path: fmt.Sprintf("metadata.%s[%d].Value", name, i), Rule: "exactly_one"})
			}
		}
	}
	if fields != nil {
		return &event.ValidationError{Topic: m.Topic(), Fields: fields}
	}
	return nil
}

// decodeGoccyCompiled is goccy/go-json into the same structs, with the
// SDK's compiled validation.
func decodeGoccyCompiled(body []byte) (*aws.ContractModified, error) {
	var e stdEnvelope[aws.ContractModified]
	if err := goccyjson.Unmarshal(body, &e); err != nil {
		return nil, err
	}
	if err := event.Validate(&e.Metadata); err != nil {
		return nil, err
	}
	return &e.Metadata, nil
}

// BenchmarkDecodeAlternatives decodes and validates the contract body with
// the SDK, with each alternative, and with encoding/json and validator/v10
// (std), the base of the ratios.
func BenchmarkDecodeAlternatives(b *testing.B) {
	body := heldOutBody(b, "contract")
	sdk := sdkParseAs[aws.ContractModified]
	gen := func(body []byte) error { _, err := decodeGenerated(body); return err }
	goccy := func(body []byte) error { _, err := decodeGoccyCompiled(body); return err }
	for _, side := range []struct {
		name   string
		decode func([]byte) error
	}{{"sdk", sdk}, {"generated", gen}, {"goccy+compiled", goccy}, {"std", stdDecode[aws.ContractModified]}} {
		b.Run("contract/"+side.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if err := side.decode(body); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestAlternativesAgree checks that each alternative decodes the contract
// body to the value the SDK decodes, and rejects what the SDK's validation
// rejects.
func TestAlternativesAgree(t *testing.T) {
	body := heldOutBody(t, "contract")
	e, err := event.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	want, err := event.DecodeAs[aws.ContractModified](e)
	if err != nil {
		t.Fatal(err)
	}
	for name, decode := range map[string]func([]byte) (*aws.ContractModified, error){
		"generated": decodeGenerated, "goccy+compiled": decodeGoccyCompiled,
	} {
		got, err := decode(body)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s decoded\n%+v\nwant\n%+v", name, got, want)
		}
		if len(got.NewEntitlements) != 3 || got.NewEntitlements[1].Value.Kind() != aws.DoubleKind {
			t.Errorf("%s: new entitlements %+v, want three, the second a DoubleValue", name, got.NewEntitlements)
		}

		bad := bytes.Replace(body, []byte(`"customer_identifier":"hQ3kT8vN1pS"`), []byte(`"customer_identifier":""`), 1)
		if bytes.Equal(bad, body) {
			t.Fatal("the contract body has changed; update the test")
		}
		var ve *event.ValidationError
		if _, err := decode(bad); !errors.As(err, &ve) || len(ve.Fields) != 1 || ve.Fields[0].Path != "metadata.customer_identifier" {
			t.Errorf("%s with no customer: error %v, want a ValidationError on metadata.customer_identifier", name, err)
		}
	}
}
